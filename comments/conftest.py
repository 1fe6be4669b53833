import pytest


@pytest.fixture
def feature(make_feature):
    return make_feature(title="大讲堂走进车间")


@pytest.fixture
def target_key():
    def key(obj):
        return f"{obj._meta.app_label}.{obj._meta.model_name}:{obj.pk}"

    return key


@pytest.fixture
def post(client, target_key):
    """Post a comment as JSON: post(target, body, parent=None) -> response."""

    def send(target, body, parent=None, **extra):
        data = {"target": target_key(target), "body": body}
        if parent is not None:
            data["parent"] = parent.pk
        return client.post("/comments/post/", data, HTTP_ACCEPT="application/json", **extra)

    return send


@pytest.fixture
def make_comment(worker):
    from comments.models import Comment, Status

    def build(target, body="一条评论", status=Status.APPROVED, author=None, **fields):
        return Comment.objects.create(
            target=target,
            target_title=target.title,
            target_url=target.get_url() if hasattr(target, "get_url") else target.url,
            author=author or worker,
            body=body,
            status=status,
            **fields,
        )

    return build


@pytest.fixture
def other_worker(db):
    from accounts import roles
    from conftest import make_user

    return make_user("worker2", roles.WORKERS, display_name="职工丁", membership_number="T0002")


@pytest.fixture
def words(db):
    from screening.models import Action, Category, SensitiveWord

    SensitiveWord.objects.create(term="废物", category=Category.ABUSE, action=Action.HOLD)
    SensitiveWord.objects.create(term="代开发票", category=Category.SPAM, action=Action.REJECT)
