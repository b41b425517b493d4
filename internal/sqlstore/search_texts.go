package sqlstore

import (
	"context"
	"strings"
)

// SearchTexts returns, for each of ids, the text search matches against
// (title, field, rule, necessity, purpose, contents, scope), with its
// diacritics, so the search page can show the matching passage as written
// rather than in the folded form the index keeps.
func (s *Store) SearchTexts(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var args sqlArgs
	var ph []string
	for _, id := range ids {
		ph = append(ph, args.add(id))
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, content FROM proposals WHERE id IN (`+strings.Join(ph, ",")+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, content string
		if err := rows.Scan(&id, &content); err != nil {
			return nil, err
		}
		if text := s.contents.excerpt(content); text != "" {
			out[id] = text
		}
	}
	return out, rows.Err()
}
