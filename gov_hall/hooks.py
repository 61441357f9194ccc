app_name = "gov_hall"
app_title = "Gov Hall"
app_publisher = "gov_hall developers"
app_description = "Government service hall (政务服务中心) management"
app_email = "dev@gov-hall.invalid"
app_license = "mit"

add_to_apps_screen = [
	{
		"name": "gov_hall",
		"logo": "/assets/gov_hall/images/gov_hall.svg",
		"title": "Gov Hall",
		"route": "/app/gov-hall",
	}
]

# Installation
before_install = "gov_hall.setup.install.before_install"
after_install = "gov_hall.setup.install.after_install"
after_migrate = "gov_hall.setup.install.after_migrate"
before_uninstall = "gov_hall.setup.install.before_uninstall"

# Document events
doc_events = {
	# a closure or extra working day moves the deadlines of open cases
	"GH Hall Calendar Day": {
		"on_update": "gov_hall.cases.calendar_years.calendar_changed",
		"on_trash": "gov_hall.cases.calendar_years.calendar_changed",
	},
	"GH Hall Settings": {
		"on_update": "gov_hall.utils.calendar.clear_calendar_cache",
	},
}

# Scheduled tasks
scheduler_events = {
	"daily": [
		"gov_hall.utils.permissions.expire_departed_staff",
		"gov_hall.cases.supervision.run_daily",
		"gov_hall.gov_hall.doctype.gh_appointment.gh_appointment.mark_no_shows",
		"gov_hall.voice.rectification.run_daily",
		"gov_hall.voice.complaints.run_daily",
		"gov_hall.voice.supervisors.run_daily",
		"gov_hall.cases.calendar_years.notify_missing_schedule",
	],
}

# Record-level access beyond roles and department User Permissions (gov_hall.voice.permissions)
permission_query_conditions = {
	"GH Complaint": "gov_hall.voice.permissions.complaint_query",
	"GH Inspection": "gov_hall.voice.permissions.inspection_query",
	"GH External Supervisor": "gov_hall.voice.permissions.supervisor_query",
}
has_permission = {
	"GH Complaint": "gov_hall.voice.permissions.complaint_permission",
	"GH Inspection": "gov_hall.voice.permissions.inspection_permission",
	"GH External Supervisor": "gov_hall.voice.permissions.supervisor_permission",
}

# Calendar views offered in the desk
calendars = ["GH Culture Activity"]

# Website: public service guide per matter (办事指南)
website_route_rules = [
	{"from_route": "/service-guide/<matter_code>", "to_route": "service-guide/matter"},
]

# Tests
before_tests = "gov_hall.setup.install.ensure_roles"

# Records that carry personal data, for Frappe's personal data download / deletion requests
user_data_fields = [
	{
		"doctype": "GH Window Staff",
		"filter_by": "user",
		"redact_fields": ["mobile", "mobile_masked"],
		"partial": 1,
	},
	{
		"doctype": "GH External Supervisor",
		"filter_by": "user",
		"redact_fields": ["mobile", "mobile_masked", "email"],
		"partial": 1,
	},
]

# Jinja helpers for documents that leave the hall (one-time notice, case receipt, briefing to an
# agency): always in Simplified Chinese, whatever the printing staff member's language
# (gov_hall.utils.citizen_print).
jinja = {
	"methods": [
		"gov_hall.utils.citizen_print.gh_zh",
		"gov_hall.utils.citizen_print.gh_zh_date",
		"gov_hall.utils.citizen_print.gh_zh_datetime",
		"gov_hall.utils.citizen_print.gh_zh_quarter",
	],
}

# --- Public portal (issue 14, gov_hall.utils.portal) ---------------------------------------------
# Guests read the hall's language (zh) whatever their browser's Accept-Language says.
before_request = ["gov_hall.utils.portal.set_guest_language"]
# Frappe's page titles and link-preview tags (login, the booking web form) in that language too.
update_website_context = ["gov_hall.utils.portal.translate_page_texts"]
# The portal's stylesheet on every website page (www pages, the booking web form, login, 404).
web_include_css = ["/assets/gov_hall/css/gh_portal.css"]
# The hall's emblem instead of Frappe's logo (login page, desk navbar).
app_logo_url = "/assets/gov_hall/images/gov_hall.svg"
