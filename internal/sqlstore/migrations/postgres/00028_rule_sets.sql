-- +goose Up
-- A locality's own rule set (time limits, reminders, vote threshold), one
-- row per version: a change adds a version, and each version is logged as
-- an authority fact (rules.issued) whose leaf carries the body's digest,
-- which the audit checks every row against. A case follows the set that
-- applied in its unit when it was first submitted: the submission logs it
-- whole, and proposals.rules keeps a copy, derived from the case's events
-- like every other column of the projection.
CREATE TABLE rule_sets (
    id         TEXT NOT NULL,
    version    INTEGER NOT NULL,
    unit_id    TEXT NOT NULL REFERENCES units(id),
    body       TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (id, version)
);
CREATE INDEX rule_sets_unit ON rule_sets (unit_id, version);
ALTER TABLE proposals ADD COLUMN rules TEXT NOT NULL DEFAULT '';

-- The instruments a case's legal basis may name: Party conclusions, the
-- decree, a locality's plan, and those an administrator adds. A date left
-- empty is not known yet; an administrator enters it.
CREATE TABLE instruments (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    number     TEXT NOT NULL,
    issued_on  TEXT NOT NULL,
    issuer     TEXT NOT NULL,
    title      TEXT NOT NULL,
    created_at TEXT NOT NULL
);
INSERT INTO instruments (id, kind, number, issued_on, issuer, title, created_at) VALUES
    ('kl14', 'party', '14-KL/TW', '2021-09-22', 'Bộ Chính trị', 'Kết luận về chủ trương khuyến khích và bảo vệ cán bộ năng động, sáng tạo vì lợi ích chung', '2021-09-22T00:00:00Z'),
    ('nd73', 'decree73', '73/2023/NĐ-CP', '2023-09-29', 'Chính phủ', 'Nghị định quy định về khuyến khích, bảo vệ cán bộ năng động, sáng tạo, dám nghĩ, dám làm, dám đột phá, dám chịu trách nhiệm vì lợi ích chung', '2023-09-29T00:00:00Z'),
    ('kh124-hcm', 'local', '124', '', 'Thành phố Hồ Chí Minh', 'Kế hoạch 124 thực hiện Nghị định 73/2023/NĐ-CP trên địa bàn Thành phố (ngày ban hành do quản trị viên ghi)', '2023-09-29T00:00:00Z');

-- +goose Down
DROP TABLE instruments;
ALTER TABLE proposals DROP COLUMN rules;
DROP TABLE rule_sets;
