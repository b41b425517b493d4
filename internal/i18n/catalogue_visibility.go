package i18n

// visibilityCatalogue holds the refusals of ids that exist but lie outside
// the caller's view (units and people named in a body or a filter), and of
// list cursors that name no case the caller reads.
var visibilityCatalogue = map[string]Message{
	"field.unit_not_visible":   {"Đơn vị mã %s nằm ngoài phạm vi tổ chức của bạn và của hồ sơ.", "Unit %s is outside your organisational scope and the case's."},
	"field.person_not_visible": {"Người dùng mã %s không thuộc đơn vị nào trong phạm vi của bạn.", "Person %s is not seated in any unit within your scope."},
	"query.unit_not_visible":   {"Đơn vị mã %s nằm ngoài phạm vi bạn được xem; chọn đơn vị của bạn, đơn vị cấp dưới hoặc cấp trên của nó.", "Unit %s is outside what you may read; choose your unit, a unit below it or one above it."},
	"query.unknown_case":       {"Không có hồ sơ mã %s mà bạn được xem.", "No case %s that you may read."},
}

func init() {
	for k, m := range visibilityCatalogue {
		if _, dup := catalogue[k]; dup {
			panic("i18n: key " + k + " is in two catalogues")
		}
		catalogue[k] = m
	}
}
