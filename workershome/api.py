"""Wagtail API v2, read by the union's mobile app: public pages, images and documents."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from core.inputs import has_control_characters, parse_int

SEARCH_OPERATORS = ("and", "or")


class CheckedParametersMixin:
    """Parameters Wagtail would pass on unchecked answer 400 with a JSON message, like Wagtail's own checks.

    Wagtail hands ``search_operator`` to the search backend (a ValueError for anything but and/or), the find view's
    ``id`` to a primary key lookup (a ValueError for "²"), ``offset`` to SQL however big ("bigint out of range"),
    and every text parameter to the database (PostgreSQL refuses NUL). Put this mixin first among an endpoint's
    bases (it can be combined with any other endpoint class) so that it runs before the endpoint's own code.
    """

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        for name, values in request.GET.lists():
            if has_control_characters(name) or any(has_control_characters(value) for value in values):
                raise BadRequestError("query parameters may not contain control characters")
        operator = request.GET.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")
        for name in ("offset", "limit"):  # PostgreSQL takes OFFSET and LIMIT as bigints
            if name in request.GET and parse_int(request.GET[name]) is None:
                raise BadRequestError(f"{name} must be a positive integer")

    def find_object(self, queryset, request):
        if "id" in request.GET and parse_int(request.GET["id"]) is None:
            raise BadRequestError("id must be a positive integer")
        return super().find_object(queryset, request)


class CheckedPagesAPIViewSet(CheckedParametersMixin, PagesAPIViewSet):
    pass


class CheckedImagesAPIViewSet(CheckedParametersMixin, ImagesAPIViewSet):
    pass


class CheckedDocumentsAPIViewSet(CheckedParametersMixin, DocumentsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", CheckedPagesAPIViewSet)
api_router.register_endpoint("images", CheckedImagesAPIViewSet)
api_router.register_endpoint("documents", CheckedDocumentsAPIViewSet)
