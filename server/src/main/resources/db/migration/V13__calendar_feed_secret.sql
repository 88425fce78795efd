-- The calendar feed's secret itself, beside its hash: GET /me/calendar-feed shows the address
-- again without making a new one (which would break every calendar subscribed to it). The feed
-- reads only bookings that are in this database too, so keeping its key here exposes nothing a
-- reader of the database does not already see. Feeds made before this keep working but have no
-- address to show; the next POST replaces them.
ALTER TABLE calendar_feeds ADD COLUMN secret text;
