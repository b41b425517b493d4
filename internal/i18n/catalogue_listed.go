package i18n

// listedCatalogue holds the refusal of a violation named by an id the
// case does not list.
var listedCatalogue = map[string]Message{
	"field.unknown_violation": {"Hồ sơ không có vi phạm mã %s; mã vi phạm có trong danh sách violations của hồ sơ.",
		"The case has no violation %s; violation ids are in the case's violations list."},
}

func init() {
	for k, m := range listedCatalogue {
		if _, dup := catalogue[k]; dup {
			panic("i18n: key " + k + " is in two catalogues")
		}
		catalogue[k] = m
	}
}
