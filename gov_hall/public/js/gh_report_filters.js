// The filters the hall's reports share (hall, department, window, staff, home agency, a period and
// a "group by" choice), built when a report's script asks for them: labels are translated then,
// after the desk has loaded its translations.
frappe.provide("gov_hall.report_filters");

(() => {
	const link = (fieldname, label, doctype) => ({ fieldname, label, fieldtype: "Link", options: doctype });
	const links = {
		hall: () => link("hall", __("Service Hall"), "GH Service Hall"),
		department: () => link("department", __("Department"), "GH Stationed Department"),
		window: () => link("window", __("Service Window"), "GH Service Window"),
		staff: () => link("staff", __("Staff"), "User"),
		home_agency: () => link("home_agency", __("Home Agency"), "GH Home Agency"),
	};
	const options = (choices) => choices.map(([value, label]) => ({ value, label }));

	Object.assign(gov_hall.report_filters, {
		// [[value, translated label], ...]: the first is the default
		group_by(choices) {
			return {
				fieldname: "group_by",
				label: __("Group By"),
				fieldtype: "Select",
				options: options(choices),
				default: choices[0][0],
				reqd: 1,
			};
		},
		// an optional choice, "All" first
		choice(fieldname, label, choices) {
			return { fieldname, label, fieldtype: "Select", options: [{ value: "", label: __("All") }, ...options(choices)] };
		},
		links(...names) {
			return names.map((name) => links[name]());
		},
		// from_date and to_date (today by default)
		period(from_label, to_label, from_default) {
			return [
				{ fieldname: "from_date", label: from_label, fieldtype: "Date", default: from_default },
				{ fieldname: "to_date", label: to_label, fieldtype: "Date", default: frappe.datetime.get_today() },
			];
		},
	});
})();
