"""The one StreamField block library every page body is built from.

Each block renders with its own template under ``core/templates/blocks/``. Domain apps add their own blocks only
where a domain needs something no other page does.
"""

import html
import re

from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "hr", "link", "document-link", "blockquote"]


class FixedChoiceBlock(blocks.ChoiceBlock):
    """A ChoiceBlock whose choices are a fixed list, read back from the database without re-listing them.

    Wagtail's ChoiceBlock turns every stored value back into its key by walking the form field's choices, which
    it rebuilds on each walk (they could be a callable); for a heading in every article that was a tenth of a
    full search rebuild. With a fixed list, the lookup table is made once.
    """

    def __init__(self, choices, **kwargs):
        super().__init__(choices=choices, **kwargs)
        self._keys = {str(key): key for key, _label in choices}

    def normalize_choice(self, value):
        if value is None:
            return None
        return self._keys.get(str(value), value)


# Rich text as the editor stores it (Draftail's output: well-formed tags, text escaped) to search text: a space
# where a block ends (as Wagtail's get_text_for_indexing leaves), tags dropped, entities decoded.
_RICH_TEXT_BREAKS = re.compile(r"</(?:p|h\d|li|blockquote)>|<(?:br|hr)\s*/?>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]*>")


def rich_text_words(source):
    return html.unescape(_TAGS.sub("", _RICH_TEXT_BREAKS.sub(" ", source))).strip()


class RichTextBlock(blocks.RichTextBlock):
    """Wagtail's rich text block, whose search text is made without an HTML parser.

    Wagtail's ``get_text_for_indexing`` runs Django's HTML parser over every paragraph: the largest Python cost
    of a search rebuild, and of Wagtail's own (admin) indexing. Migrations see a plain RichTextBlock.
    """

    def get_searchable_content(self, value):
        if not self.search_index:
            return []
        return [rich_text_words(force_str(value.source))]

    def deconstruct(self):
        return ("wagtail.blocks.RichTextBlock", *super().deconstruct()[1:])


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("heading"), max_length=120)
    # The size is layout, not content: it stays out of the search text.
    size = FixedChoiceBlock(
        label=_("size"),
        choices=[("h2", "H2"), ("h3", "H3"), ("h4", "H4")],
        default="h2",
        search_index=False,
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)
    attribution = blocks.CharBlock(label=_("photo credit"), required=False, max_length=100)

    class Meta:
        icon = "image"
        label = _("Image with caption")
        template = "blocks/captioned_image_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quotation"))
    attribution = blocks.CharBlock(label=_("said by"), required=False, max_length=100)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote_block.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("link text"), required=False, max_length=120)

    class Meta:
        icon = "doc-full"
        label = _("Document link")
        template = "blocks/document_link_block.html"


class StatisticBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("figure"), max_length=20, help_text=_("For example 550 or 93.3"))
    unit = blocks.CharBlock(label=_("unit"), max_length=20, required=False, help_text=_("For example 场次 or 万人次"))
    label = blocks.CharBlock(label=_("what it counts"), max_length=60)


class StatisticsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False, max_length=80)
    items = blocks.ListBlock(StatisticBlock(), label=_("figures"), min_num=1, max_num=6)

    class Meta:
        icon = "order"
        label = _("Statistic figures")
        template = "blocks/statistics_block.html"


class TableWithCaptionBlock(blocks.StructBlock):
    table = TableBlock(label=_("table"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=200)

    class Meta:
        icon = "table"
        label = _("Table")
        template = "blocks/table_block.html"


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = RichTextBlock(
        label=_("Rich text"), icon="pilcrow", features=RICH_TEXT_FEATURES, template="blocks/paragraph_block.html"
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(
        label=_("Embedded media"),
        icon="media",
        help_text=_("A link to a video or post, e.g. on a video platform"),
        template="blocks/embed_block.html",
    )
    document = DocumentLinkBlock()
    table = TableWithCaptionBlock()
    statistics = StatisticsBlock()
