"""Wagtail API v2, read by the union's mobile app: public pages, images and documents.

Each endpoint lists, and serves by id, only what the site's one rule (``core.visibility``) calls public, for
every caller: pages that are live, not expired and not under a view restriction; images that are not workers'
posters awaiting or refused moderation (nor in a private collection); documents outside private collections.
A detail URL of anything else is a 404, like an id that does not exist.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from core import visibility


class PublicPagesAPIViewSet(PagesAPIViewSet):
    def get_base_queryset(self):
        # Wagtail's: live, the caller's view restrictions, the site; the rule adds expiry and aliases and drops
        # what a signed-in caller could open (the API answers the same to everyone).
        return visibility.public_pages(super().get_base_queryset())


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    def get_queryset(self):
        # Instead of Wagtail's "not in a collection this caller may not see": the rule judges collections too, but
        # lets out the poster of a public entry from the workers' private uploads collection.
        return visibility.public_images(BaseAPIViewSet.get_queryset(self))


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    def get_queryset(self):
        return visibility.public_documents(BaseAPIViewSet.get_queryset(self))


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
