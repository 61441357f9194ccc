# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from gov_hall.access.rows import ParentScopedRow
from gov_hall.assessment.result_rows import ResultRow


class GHStaffAssessment(ParentScopedRow, ResultRow):
	pass
