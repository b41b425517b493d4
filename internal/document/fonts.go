package document

import (
	"embed"
)

// The fonts are Liberation Serif 2.1.5, metric-compatible with Times New
// Roman (the decree's typeface) and covering every Vietnamese letter; they
// are embedded so that a document prints the same on every machine. Their
// licence (SIL OFL 1.1) is fonts/LICENSE.
//
//go:embed fonts/LiberationSerif-Regular.ttf fonts/LiberationSerif-Bold.ttf
//go:embed fonts/LiberationSerif-Italic.ttf fonts/LiberationSerif-BoldItalic.ttf
//go:embed fonts/LICENSE
var fontFiles embed.FS

type font struct {
	style string
	data  []byte
}

func loadFonts() ([]font, error) {
	var out []font
	for _, f := range []struct{ style, file string }{
		{"", "Regular"}, {"B", "Bold"}, {"I", "Italic"}, {"BI", "BoldItalic"},
	} {
		b, err := fontFiles.ReadFile("fonts/LiberationSerif-" + f.file + ".ttf")
		if err != nil {
			return nil, err
		}
		out = append(out, font{f.style, b})
	}
	return out, nil
}

// FontLicence is the embedded fonts' licence, for a page or a dossier that
// ships the documents.
func FontLicence() []byte {
	b, _ := fontFiles.ReadFile("fonts/LICENSE")
	return b
}
