package gen

import (
	"fmt"
	"math/rand/v2"

	"damlam/internal/workflow"
)

// field is a domain of public work with the kinds of initiative filed in it.
type field struct {
	Name   string
	Themes []string
}

// fields and themes follow what Decree 73 proposals are about in practice:
// residents co-funding roads, cleaner canals, one-stop services, digital
// services, schools and clinics closer to people.
var fields = []field{
	{"Giao thông – hạ tầng", []string{"Vận động Nhân dân góp vốn, ngày công làm đường hẻm", "Bê tông hóa đường giao thông nông thôn",
		"Lắp đặt đèn chiếu sáng công cộng bằng năng lượng mặt trời", "Xây dựng cầu dân sinh", "Mở rộng hẻm phục vụ phòng cháy chữa cháy"}},
	{"Môi trường", []string{"Nạo vét, khơi thông kênh rạch với sự tham gia của cộng đồng", "Phân loại rác thải sinh hoạt tại nguồn",
		"Trồng cây xanh trên tuyến đường", "Xử lý nước thải sinh hoạt phân tán", "Thu gom rác thải nhựa ven biển"}},
	{"Đô thị", []string{"Chỉnh trang, làm đẹp hẻm phố văn minh", "Sắp xếp, quản lý vỉa hè", "Cải tạo công viên, sân chơi cho trẻ em",
		"Đặt tên đường, số nhà theo chuẩn số hóa"}},
	{"Cải cách hành chính", []string{"Trả kết quả thủ tục hành chính tại nhà cho người cao tuổi", "Tiếp nhận hồ sơ ngoài giờ hành chính",
		"Một cửa liên thông giữa các phòng chuyên môn", "Rút ngắn thời gian cấp giấy phép xây dựng"}},
	{"Chuyển đổi số", []string{"Thanh toán không dùng tiền mặt tại chợ truyền thống", "Ứng dụng phản ánh hiện trường của người dân",
		"Số hóa hồ sơ hộ tịch", "Camera an ninh kết nối cộng đồng", "Trợ lý ảo trả lời thủ tục hành chính"}},
	{"Giáo dục", []string{"Bán trú cho học sinh vùng khó khăn", "Thư viện cộng đồng tại nhà văn hóa", "Dạy bơi miễn phí cho học sinh tiểu học"}},
	{"Y tế", []string{"Khám sức khỏe tại nhà cho người cao tuổi", "Trạm y tế lưu động tại vùng sâu", "Tủ thuốc cộng đồng"}},
	{"Nông nghiệp", []string{"Liên kết sản xuất lúa chất lượng cao", "Chuyển đổi cây trồng thích ứng xâm nhập mặn", "Hợp tác xã nông nghiệp kiểu mới",
		"Tem truy xuất nguồn gốc nông sản"}},
	{"An sinh xã hội", []string{"Bếp ăn nghĩa tình cho người lao động", "Xóa nhà tạm, nhà dột nát", "Quỹ hỗ trợ sinh kế cho hộ cận nghèo"}},
	{"Văn hóa – du lịch", []string{"Du lịch cộng đồng gắn với làng nghề", "Phố đi bộ cuối tuần", "Bảo tồn di tích với sự đóng góp của Nhân dân"}},
	{"Kinh tế", []string{"Chợ đêm phục vụ du khách", "Hỗ trợ hộ kinh doanh chuyển lên doanh nghiệp", "Sàn giao dịch nông sản trực tuyến"}},
}

var places = []string{"khu phố", "tổ dân phố", "ấp", "thôn", "bản", "tuyến đường"}

var bottlenecks = []string{
	"Chưa có quy định về cơ chế Nhân dân cùng góp vốn, ngày công",
	"Quy định về định mức chi chưa phù hợp thực tế địa phương",
	"Thủ tục hiện hành đòi hỏi nhiều bước trung gian không cần thiết",
	"Chưa có hướng dẫn về phân cấp cho cấp xã sau sắp xếp",
	"Quy định về thuê dịch vụ công nghệ thông tin còn vướng",
}

// contentFor writes a complete proposal: everything Art. 5 and 7 ask for,
// in short sentences, so that rows stay the size of a real proposal.
func contentFor(rng *rand.Rand, u *unit, fi, theme int, budget int64) workflow.Content {
	f := fields[fi]
	title := fmt.Sprintf("%s tại %s %d, %s", f.Themes[theme], places[rng.IntN(len(places))], 1+rng.IntN(12), u.Name)
	levels := []string{"locality", "locality", "ministry", "government"}
	kinds := []string{"missing", "unclear", "outdated"}
	return workflow.Content{
		Title: title, Field: f.Name, LegalBasis: "decree73",
		Bottleneck: workflow.Bottleneck{Kind: kinds[rng.IntN(len(kinds))], Rule: bottlenecks[rng.IntN(len(bottlenecks))],
			Level: levels[rng.IntN(len(levels))]},
		Necessity:       "Người dân phản ánh nhiều lần; ngân sách không đủ; cách làm cũ không đáp ứng yêu cầu.",
		Purpose:         "Nâng chất lượng phục vụ Nhân dân, phát huy vai trò của cộng đồng tại " + u.Name + ".",
		Requirements:    "Công khai, minh bạch; tự nguyện; đúng phạm vi được duyệt.",
		Contents:        f.Themes[theme] + "; thành lập tổ giám sát cộng đồng; báo cáo định kỳ kết quả thực hiện.",
		ScopeText:       "Trong phạm vi " + u.Name,
		Tasks:           []workflow.Task{{Description: "Vận động, lấy ý kiến Nhân dân", Assignee: "Ban điều hành khu phố"}, {Description: "Tổ chức thực hiện, giám sát", Assignee: "Tổ công tác"}},
		Timeline:        fmt.Sprintf("%d ngày kể từ ngày được chấp thuận", 30*(1+rng.IntN(6))),
		Resources:       workflow.Resources{MoneyVND: budget, People: "Cán bộ, công chức và Nhân dân trên địa bàn"},
		Feasibility:     fmt.Sprintf("Đã có %d%% hộ dân đồng thuận.", 70+rng.IntN(30)),
		PositiveImpacts: "Giải quyết dứt điểm vướng mắc; tiết kiệm ngân sách; người dân đồng thuận.",
		NegativeImpacts: "Có thể ảnh hưởng sinh hoạt trong thời gian thực hiện.",
		Effectiveness:   "Có thể nhân rộng ra các đơn vị khác.",
		Checklist:       workflow.Checklist{RemovesBottleneck: true, CommonGood: true, UrgentNeed: true, NoSecurityImpact: true, NoHarmToOthers: true, ReformAim: rng.IntN(2) == 0},
		PilotRequested:  true,
	}
}
