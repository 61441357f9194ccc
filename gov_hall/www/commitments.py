"""服务承诺: the hall's commitments and each window's, as signed (active versions only), with who
signed them and when. Public, no login; no personal data beyond the signer's name."""

from frappe import _

from gov_hall.utils.public_records import public_commitments

no_cache = 1
sitemap = 1


def get_context(context):
	context.title = _("Service Commitments")
	context.no_breadcrumbs = 1
	commitments = public_commitments()
	context.hall_commitments = commitments["halls"]
	context.window_commitments = commitments["windows"]
	return context
