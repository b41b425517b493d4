-- +goose Up
-- The language each person is written to in: mail and the texts of
-- their notices (vi, the default, or en). Chosen on the profile page and
-- through PUT /api/v1/me/notify; a person without a row reads Vietnamese.
ALTER TABLE notify_prefs ADD COLUMN lang TEXT NOT NULL DEFAULT 'vi';

-- +goose Down
ALTER TABLE notify_prefs DROP COLUMN lang;
