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
	# a complaint's evidence files cannot be removed or changed by non-managers (gov_hall.voice.evidence)
	"File": {
		"before_validate": "gov_hall.voice.evidence.protect_evidence_edit",
		"on_trash": "gov_hall.voice.evidence.protect_evidence_delete",
	},
	# citizens told by SMS (issue 16, gov_hall.sms.events): queued in the save, sent after the commit
	# by a background job; a message that cannot be queued is logged and never blocks the save
	"GH Case": {
		"after_insert": "gov_hall.sms.events.case_inserted",
		"on_update": "gov_hall.sms.events.case_updated",
	},
	"GH Appointment": {
		"after_insert": "gov_hall.sms.events.appointment_inserted",
		"on_update": "gov_hall.sms.events.appointment_updated",
	},
}

# Counters of wrong answers at the public lookups (gov_hall.utils.guessing) and of guest bookings per
# address (GH Appointment) outlive frappe.clear_cache() (migrate, bench clear-cache), which deletes
# every other key of the site: a guesser must not get a fresh budget from a deploy.
persistent_cache_keys = ["gov_hall:guess:*", "gov_hall:bookings_by_address:*"]

# Controlled fields and conflicts of interest, on every save path (issue 13, gov_hall.access): each
# doctype declares CONTROLLED_FIELDS next to its controller; one hook enforces it before the
# controller's validate, and writes a manager's overrides to the GH Override Log after the save.
_CONTROLLED_EVENTS = {
	"before_validate": ["gov_hall.access.controlled.enforce"],
	"before_update_after_submit": ["gov_hall.access.controlled.enforce"],
	"on_update": ["gov_hall.access.controlled.write_overrides"],
	"on_update_after_submit": ["gov_hall.access.controlled.write_overrides"],
}
_CONFLICT_CHECKS = {
	"GH Complaint": "gov_hall.access.conflicts.complaint",
	"GH Rectification": "gov_hall.access.conflicts.rectification",
	"GH Rating Appeal": "gov_hall.access.conflicts.appeal",
	"GH Inspection": "gov_hall.access.conflicts.inspection",
}
for _doctype in (
	"GH Case",
	"GH Supplement Notice",
	"GH Case Extension",
	"GH Supervision Card",
	"GH Service Rating",
	"GH Rectification",
	"GH Rating Appeal",
	"GH Complaint",
	"GH Inspection",
	"GH Assessment Run",
	"GH Culture Activity",
	"GH Appointment",
	"GH Service Brand",
	"GH Brand Review",
	"GH Brand Score Sheet",
	"GH Commitment",
	"GH Window Staff",
	"GH Service Window",
	"GH Queue Ticket",
	"GH Queue Device",
	# on-site duty (issue 15)
	"GH Duty Slot",
	"GH Attendance Punch",
	"GH Attendance Import",
	"GH Leave Request",
	"GH Empty Window",
	"GH Agency Briefing",
	# county, township and village (issue 16)
	"GH SMS Message",
):
	_events = {event: list(handlers) for event, handlers in _CONTROLLED_EVENTS.items()}
	if _doctype in _CONFLICT_CHECKS:
		for _event in ("before_validate", "before_update_after_submit"):
			_events[_event].insert(0, _CONFLICT_CHECKS[_doctype])
	for _event, _handlers in doc_events.get(_doctype, {}).items():
		_events.setdefault(_event, [])
		_events[_event] += _handlers if isinstance(_handlers, list) else [_handlers]
	doc_events[_doctype] = _events
# rows of those doctypes are saved through their parent only
for _doctype in (
	"GH Case Pause",
	"GH Case Referral",
	"GH Supplement Item",
	"GH Inspection Item",
	"GH Window Assessment",
	"GH Staff Assessment",
	"GH Activity Award",
	"GH Activity Participant",
	"GH Activity Window",
	"GH Brand Commitment",
	"GH Brand Member",
	"GH Brand Window",
	"GH Brand Panel Member",
	"GH Brand Commitment Result",
	"GH Brand Score",
	"GH Queue Ticket Event",
	"GH Agency Briefing Staff",
	"GH Agency Briefing Finding",
	"GH Case Handover",
):
	doc_events[_doctype] = {"before_validate": "gov_hall.access.controlled.refuse_standalone_row"}

# A manager's "Change with Reason" on the forms of records with overridable figures
doctype_js = {
	"GH Case": ["public/js/gh_controlled.js", "public/js/gh_handover.js"],
	"GH Complaint": "public/js/gh_controlled.js",
	"GH Rectification": "public/js/gh_controlled.js",
}
# Personal data on the forms (gov_hall.access.pii): entry on new records, "Show Full Personal Data"
for _doctype in (
	"GH Case",
	"GH Appointment",
	"GH Complaint",
	"GH Service Rating",
	"GH Rectification",
	"GH Window Staff",
	"GH External Supervisor",
):
	_loaded = doctype_js.get(_doctype) or []
	doctype_js[_doctype] = [
		*([_loaded] if isinstance(_loaded, str) else _loaded),
		"public/js/gh_personal_data.js",
	]
# A manager's "Renew Card Code" on staff and window forms (挂牌上岗, gov_hall.api.cards)
for _doctype in ("GH Window Staff", "GH Service Window"):
	_loaded = doctype_js.get(_doctype) or []
	doctype_js[_doctype] = [*([_loaded] if isinstance(_loaded, str) else _loaded), "public/js/gh_cards.js"]
# Clock In / Clock Out and today's duty on a staff member's own record (出勤值勤, gov_hall.api.duty)
doctype_js["GH Window Staff"] = [*doctype_js["GH Window Staff"], "public/js/gh_duty.js"]

# The filters the hall's reports share (hall, department, window, staff, period, group by)
app_include_js = ["/assets/gov_hall/js/gh_report_filters.js"]

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
	"cron": {
		# empty windows (空岗): found, alerted, resolved and closed within minutes (gov_hall.duty)
		"*/5 * * * *": [
			"gov_hall.duty.empty_windows.check_empty_windows",
			# SMS to citizens: due retries, lost jobs, interrupted sends (gov_hall.sms.sender)
			"gov_hall.sms.sender.retry_due",
		],
		# appointment reminders the day before, at 10:00 (gov_hall.sms.events)
		"0 10 * * *": ["gov_hall.sms.events.send_reminders"],
	},
}

# Record scope on every read path (issue 13, gov_hall.access.scope): one SQL condition per doctype,
# used by Frappe for every list query of a user and, by has_permission, for every single document
# (form, REST, print and PDF). Child tables read on their own follow their parent.
_SCOPED = (
	"GH Case",
	"GH Supplement Notice",
	"GH Case Extension",
	"GH Supervision Card",
	"GH Appointment",
	"GH Service Rating",
	"GH Rectification",
	"GH Rating Appeal",
	"GH Complaint",
	"GH Inspection",
	"GH External Supervisor",
	"GH Assessment Run",
	"GH Department Briefing",
	"GH Window Staff",
	"GH Service Window",
	"GH Service Brand",
	"GH Brand Review",
	"GH Brand Score Sheet",
	"GH Commitment",
	"GH Queue Ticket",
	"GH Duty Slot",
	"GH Attendance Punch",
	"GH Leave Request",
	"GH Empty Window",
	"GH SMS Message",
)
_SCOPED_ROWS = (
	"GH Case Referral",
	"GH Case Pause",
	"GH Supplement Item",
	"GH Inspection Item",
	"GH Window Assessment",
	"GH Staff Assessment",
	"GH Briefing Window",
	"GH Briefing Staff",
	"GH Window Department",
	"GH Brand Commitment",
	"GH Brand Member",
	"GH Brand Window",
	"GH Brand Panel Member",
	"GH Brand Commitment Result",
	"GH Brand Score",
	"GH Queue Ticket Event",
	"GH Case Handover",
)
permission_query_conditions = {
	_doctype: "gov_hall.access.scope.query_conditions" for _doctype in (*_SCOPED, *_SCOPED_ROWS)
}
has_permission = {_doctype: "gov_hall.access.scope.has_permission" for _doctype in _SCOPED}
# before Frappe's File.on_trash removes the bytes from disk (gov_hall.voice.evidence)
has_permission["File"] = "gov_hall.voice.evidence.file_permission"

# Frappe's generic read endpoints that skip permission checks, done with the user's permissions
# (gov_hall.access.endpoints); filters, sorting and grouping on fields the user may not read, and
# SQL in filters, are refused in every list query (gov_hall.access.query_guard, installed per process)
override_whitelisted_methods = {
	"frappe.desk.search.search_link": "gov_hall.access.endpoints.search_link",
	"frappe.desk.search.search_widget": "gov_hall.access.endpoints.search_widget",
	"frappe.client.get_count": "gov_hall.access.endpoints.get_count",
	"frappe.client.get": "gov_hall.access.endpoints.get",
	"frappe.desk.listview.get_group_by_count": "gov_hall.access.endpoints.get_group_by_count",
	"frappe.desk.form.linked_with.get": "gov_hall.access.endpoints.linked_with",
	"frappe.desk.form.linked_with.get_submitted_linked_docs": "gov_hall.access.endpoints.submitted_linked_docs",
}
before_job = ["gov_hall.access.query_guard.install"]

# Calendar views offered in the desk
calendars = ["GH Culture Activity"]

# Website: public service guide per matter (办事指南)
website_route_rules = [
	{"from_route": "/service-guide/<matter_code>", "to_route": "service-guide/matter"},
	# service brands, staff cards (挂牌上岗) and window cards reached by the QR codes (issue 18)
	{"from_route": "/brands/<brand>", "to_route": "brand"},
	{"from_route": "/staff-card/<card_code>", "to_route": "staff-card"},
	{"from_route": "/window-card/<card_code>", "to_route": "window-card"},
	# a window's own screen on the hall floor, addressed by the window's card code (issue 17)
	{"from_route": "/window-display/<card_code>", "to_route": "window-display"},
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
		"gov_hall.utils.qr.gh_qr_svg",
	],
}

# --- Public portal (issue 14, gov_hall.utils.portal) ---------------------------------------------
# Guests read the hall's language (zh) whatever their browser's Accept-Language says.
before_request = ["gov_hall.utils.portal.set_guest_language", "gov_hall.access.query_guard.install"]
# Frappe's page titles and link-preview tags (login, the booking web form) in that language too.
update_website_context = ["gov_hall.utils.portal.translate_page_texts"]
# The portal's stylesheet on every website page (www pages, the booking web form, login, 404).
web_include_css = ["/assets/gov_hall/css/gh_portal.css"]
# The hall's emblem instead of Frappe's logo (login page, desk navbar).
app_logo_url = "/assets/gov_hall/images/gov_hall.svg"
