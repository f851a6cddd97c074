"""The gemeente side of the chain, one room per capability; the flow reads top to bottom.

- :mod:`.register`: the LKS register (who receives loonkostensubsidie from this gemeente), its CSV
  import, the verzamelbestand it makes, and the gemeente's own SOAP endpoint that answers the hub;
- :mod:`.koppeling`: everything that talks to the hub, through one client of the hub's API:
  delivering the register, the verwijsindex, and fetching signaalrapporten (command or webhook);
- :mod:`.dossiers`: the signal intake that turns a signaalrapport into dossiers, and the case file
  of each vangnetter with its Poortwachter tasks, documents, contacts, interventions and medical notes.

It imports nothing of the hub or UWV (the import contracts in pyproject.toml).
"""
