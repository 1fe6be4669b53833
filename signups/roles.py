"""The organisers' role: 活动管理员 may check workers in and export the sign-ups of every event (editors of an event's
page may do it for that page's events without it)."""

ORGANISERS = "活动管理员"
