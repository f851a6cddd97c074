"""The gemeente side of the chain: signal intake and the Poortwachter dossier of each vangnetter."""
