"""Page-number pagination whose page size the client may lower (or raise up to a limit) with ?page_size=."""

from rest_framework.pagination import PageNumberPagination


class Paginering(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 1000
