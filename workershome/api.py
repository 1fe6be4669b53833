"""Wagtail API v2, read by the union's mobile app: public pages, images and documents.

Each endpoint lists, and serves by id, only what the site's one rule (``core.visibility``) calls public, for
every caller: pages that are live, not expired and not under a view restriction; images that are not workers'
posters awaiting or refused moderation (nor in a private collection); documents outside private collections.
A detail URL of anything else is a 404, like an id that does not exist.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from core import visibility
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


class PublicPagesAPIViewSet(CheckedParametersMixin, PagesAPIViewSet):
    def get_base_queryset(self):
        # Wagtail's: live, the caller's view restrictions, the site; the rule adds expiry and aliases and drops
        # what a signed-in caller could open (the API answers the same to everyone). The rule is applied as "id in
        # (the public pages)", because ?search= hands the queryset to the search backend, which filters only on
        # indexed fields (id is one; expiry and the restriction paths' prefixes are not).
        queryset = super().get_base_queryset()
        return queryset.filter(pk__in=visibility.public_pages(queryset).values("pk"))


class PublicImagesAPIViewSet(CheckedParametersMixin, ImagesAPIViewSet):
    def get_queryset(self):
        # Instead of Wagtail's "not in a collection this caller may not see": the rule judges collections too, but
        # lets out the poster of a public entry from the workers' private uploads collection.
        return visibility.public_images(BaseAPIViewSet.get_queryset(self))


class PublicDocumentsAPIViewSet(CheckedParametersMixin, DocumentsAPIViewSet):
    def get_queryset(self):
        return visibility.public_documents(BaseAPIViewSet.get_queryset(self))


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
