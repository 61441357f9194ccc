"""服务品牌: the named (and warned) service brands of the hall, each with its concept, its public
commitments and how many of them were kept this year. Public, no login."""

from frappe import _

from gov_hall.utils.public_records import brand_cards, this_year

no_cache = 1
sitemap = 1


def get_context(context):
	context.title = _("Service Brands")
	context.no_breadcrumbs = 1
	context.brands = brand_cards()
	context.year = this_year()
	return context
