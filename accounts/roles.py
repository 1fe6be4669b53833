"""The site's roles. Group names are what moderators see in the admin, so they are Chinese.

Publishing follows 三审 (three-level review): every page of news and ideology content goes through the workflow
发布审核: an automatic sensitive-word screening (内容筛查, ``screening.models.ScreeningTask``), then 初审 by the
editorial office (编辑部), 复审 by the moderators (审核员) and 终审 by the leader in charge (分管领导). Campaign
pages keep one human step (活动发布审核: screening, then the moderators).
"""

EDITORS = "编辑"
FIRST_REVIEWERS = "编辑部"
MODERATORS = "审核员"
LEADERS = "分管领导"
WORKERS = "职工"
JUDGES = "评委"  # a contest's judges panel lists accounts in this role (campaigns.ContestJudge)

PUBLISHING_WORKFLOW = "发布审核"
CAMPAIGN_WORKFLOW = "活动发布审核"

SCREENING_TASK = "内容筛查"
FIRST_REVIEW_TASK = "初审（编辑部）"
SECOND_REVIEW_TASK = "复审（审核员）"
FINAL_REVIEW_TASK = "终审（分管领导）"
MODERATION_TASK = SECOND_REVIEW_TASK  # the one-step workflow's task before 三审 (renamed from 审核员审批)

REVIEW_TASKS = [FIRST_REVIEW_TASK, SECOND_REVIEW_TASK, FINAL_REVIEW_TASK]

# District sections: each 县市区总工会 has a section of the page tree and a group of its own editors.
DISTRICT_EDITORS_SUFFIX = "编辑"


def district_editors(district):
    """The group name of a district's editors: 沙市区总工会 -> 沙市区总工会编辑."""
    return f"{district}{DISTRICT_EDITORS_SUFFIX}"
