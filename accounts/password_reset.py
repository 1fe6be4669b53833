"""Password reset e-mails are sent by the task worker, so the answer to "reset my password" takes the same time
whether or not an account has that address.

Django's reset form looks the address up and renders and sends the e-mail inside the request: an address with an
account answered in 99 ms, one without in 16 ms, which tells an attacker which addresses have accounts. Here the
form only queues a task with the address (one insert into the task queue, the same for every address); the
task looks the accounts up and sends the e-mails. Both the public reset (``accounts:password_reset``) and the
Wagtail admin's (``WAGTAILADMIN_USER_PASSWORD_RESET_FORM``) use it.
"""

from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.utils.module_loading import import_string

from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm

from django_tasks import task


class QueuedPasswordResetMixin:
    def save(self, domain_override=None, use_https=False, request=None, **options):
        """Queue the e-mails instead of sending them. ``token_generator`` and ``extra_email_context`` are not
        carried over (the default generator is used; this project passes no extra context)."""
        domain = domain_override or (request.get_host() if request is not None else None)
        send_password_reset_emails.enqueue(
            form_class=f"{type(self).__module__}.{type(self).__qualname__}",
            email=self.cleaned_data["email"],
            domain=domain,
            use_https=use_https,
            subject_template_name=options.get("subject_template_name", "registration/password_reset_subject.txt"),
            email_template_name=options.get("email_template_name", "registration/password_reset_email.html"),
            html_email_template_name=options.get("html_email_template_name"),
            from_email=options.get("from_email"),
        )


class PasswordResetForm(QueuedPasswordResetMixin, DjangoPasswordResetForm):
    """The workers' reset form on the public site."""


class AdminPasswordResetForm(QueuedPasswordResetMixin, WagtailPasswordResetForm):
    """The staff's reset form in the Wagtail admin."""


@task()
def send_password_reset_emails(form_class, email, domain, use_https, **templates):
    """Send the reset e-mail to every active account with this address (none: nothing happens)."""
    form = import_string(form_class)({"email": email})
    if form.is_valid():
        # The form's own sending, as Django does it in a request (one e-mail per account, failures logged).
        super(QueuedPasswordResetMixin, form).save(domain_override=domain, use_https=use_https, **templates)
