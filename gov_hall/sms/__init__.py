"""Citizens told by SMS (手机短信告知, issue 16).

* ``gov_hall.rules.sms`` — the templates (Chinese bodies with placeholders), rendering within one SMS,
  the refusal of any resident ID number, the retry schedule, dedupe keys (no Frappe).
* ``messages`` — ``queue_message``: one GH SMS Message row per message and occasion (a unique
  dedupe key), Queued or Opted Out, sent by a background job after the caller's commit.
* ``sender`` — ``send``: the row is claimed under a row lock, sent through the gateway of Frappe's
  SMS Settings with a timeout, and recorded Sent or Failed with its next attempt; the retry job
  (every 5 minutes) sends what is due, and a daily job queues tomorrow's appointment reminders.
* ``events`` — the GH Case and GH Appointment hooks that queue messages; they never raise.
* ``optout`` — opting a mobile out of non-statutory messages (kept as a keyed hash).
"""
