"""The site's roles. Group names are what moderators see in the admin, so they are Chinese."""

EDITORS = "编辑"
MODERATORS = "审核员"
WORKERS = "职工"

PUBLISHING_WORKFLOW = "发布审核"
MODERATION_TASK = "审核员审批"
