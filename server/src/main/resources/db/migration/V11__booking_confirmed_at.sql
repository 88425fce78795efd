-- When a waitlist offer was confirmed. An offer can come after the booking's start (a no-show
-- released at 08:30 frees 08:00-12:00); its check-in window then runs from the confirmation,
-- or the booking would be released as a no-show the moment it was taken.
ALTER TABLE bookings ADD COLUMN confirmed_at timestamptz;
