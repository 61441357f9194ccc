frappe.listview_settings["GH Rectification"] = {
	add_fields: ["status", "is_overdue"],
	get_indicator(doc) {
		if (doc.is_overdue) return [__("Overdue Rectification"), "red", "is_overdue,=,1"];
		if (doc.status === "Open") return [__("Open Rectification"), "orange", "status,=,Open"];
		if (doc.status === "Awaiting Follow-up") return [__("Awaiting Follow-up"), "yellow", "status,=,Awaiting Follow-up"];
		if (doc.status === "Appeal Upheld") return [__("Appeal Upheld"), "gray", "status,=,Appeal Upheld"];
		return [__("Closed"), "green", "status,=,Closed"];
	},
};
