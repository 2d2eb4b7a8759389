from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from semarang_asn.core.audit import append_only_trigger_installed, chain_verify


class Command(BaseCommand):
    help = "Check the audit trail's hash chain; exit 1 at the first broken link."

    def handle(self, *args, **options):
        checked, broken = chain_verify()
        if broken is not None:
            raise CommandError(
                _("Rantai audit putus pada baris #%(id)s (setelah %(count)s baris utuh): %(problem)s")
                % {"id": broken.event_id, "count": checked, "problem": broken.problem}
            )
        if not append_only_trigger_installed():
            raise CommandError(_("Rantai audit utuh, tetapi trigger append-only tidak terpasang atau dimatikan."))
        self.stdout.write(_("Rantai audit utuh: %(count)s baris diperiksa.") % {"count": checked})
