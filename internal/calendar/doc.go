// Package calendar counts working days in Vietnam for the time limits of
// Decree 73/2023/NĐ-CP: 7 working days to convene and decide on a
// proposal, 5 to report on finishing, 7 to evaluate the report.
//
// Conventions:
//
//   - Dates are civil dates in Vietnam (Date, no time of day). An instant
//     becomes a date with DateOf, in UTC+7, the zone Vietnam keeps all year.
//   - A working day is Monday to Friday, except public holidays, their
//     compensatory days and announced days off, plus announced working days
//     (a Saturday worked in exchange for a bridging day).
//   - Holidays follow the Labour Code 2019, Art. 112(1), with the
//     compensatory day of Art. 111(3) for a holiday on a weekend. Where the
//     law leaves the day to a yearly decision (the five Tết days, the second
//     National Day) a documented default applies until administrators enter
//     the decision as Overrides.
//   - The lunar dates (Tết, Giỗ Tổ Hùng Vương on 10/3) come from the
//     Vietnamese lunar calendar computed astronomically at UTC+7, which
//     differs from the Chinese calendar in some years (Tết 1985, 2007, 2030).
//   - A limit of N working days counts from the day after the event: the
//     day of receipt never counts (Civil Code 2015, Art. 147). The due date
//     is AddWorkingDays(receipt, N); WorkingDaysBetween(today, due) is the
//     number of working days left, negative once overdue.
//
// A Calendar is immutable and safe for concurrent use; it computes each
// year's table once, on first use, so that the per-row queries of a long
// list cost tens of nanoseconds each.
package calendar
