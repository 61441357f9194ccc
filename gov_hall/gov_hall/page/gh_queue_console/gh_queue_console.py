# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

"""The window staff's queue console (叫号台). Its data comes from gov_hall.api.queue (window_state,
call_next, recall, no_show, transfer, start_service, finish_service, my_windows, issue_desk_ticket),
which check who may act for a window."""
