package server

import (
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"

	"damlam/internal/calendar"
	"damlam/internal/problem"
)

// bindForm fills target (a pointer to a struct) from a posted form, using
// the same names the JSON API uses, so that a field error from the domain
// ("bottleneck.kind", "violations[0].deadline") lands beside the control
// that carries that name. Nested structs use dots, slices of structs use
// [i], maps of numbers use [i].name and [i].value pairs. Rows left blank
// are dropped: forms offer a few empty rows to fill in.
func bindForm(form url.Values, target any) error {
	var errs problem.Fields
	bindStruct(form, "", reflect.ValueOf(target).Elem(), &errs)
	return errs.Err()
}

func jsonName(f reflect.StructField) (string, bool) {
	tag := f.Tag.Get("json")
	if tag == "-" {
		return "", false
	}
	name, _, _ := strings.Cut(tag, ",")
	if name == "" {
		name = f.Name
	}
	return name, true
}

func bindStruct(form url.Values, prefix string, v reflect.Value, errs *problem.Fields) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		if sf.Anonymous && sf.Type.Kind() == reflect.Struct {
			bindStruct(form, prefix, v.Field(i), errs) // embedded: fields are promoted
			continue
		}
		name, ok := jsonName(sf)
		if !ok {
			continue
		}
		bindValue(form, prefix+name, v.Field(i), errs)
	}
}

func bindValue(form url.Values, name string, fv reflect.Value, errs *problem.Fields) {
	switch fv.Kind() {
	case reflect.String:
		text := strings.TrimSpace(strings.ReplaceAll(form.Get(name), "\r\n", "\n"))
		if text != "" && isDayField(name) {
			day, ok := readDay(text)
			if !ok {
				errs.Add(name, "field.bad_day")
				return
			}
			text = day
		}
		fv.SetString(text)
	case reflect.Bool:
		fv.SetBool(form.Get(name) != "" && form.Get(name) != "false")
	case reflect.Int, reflect.Int64:
		if s := form.Get(name); strings.TrimSpace(s) != "" {
			n, err := parseWhole(s)
			if err != nil {
				errs.Add(name, "field.not_number")
				return
			}
			fv.SetInt(n)
		}
	case reflect.Float64:
		if s := form.Get(name); strings.TrimSpace(s) != "" {
			f, err := parseDecimal(s)
			if err != nil {
				errs.Add(name, "field.not_number")
				return
			}
			fv.SetFloat(f)
		}
	case reflect.Struct:
		bindStruct(form, name+".", fv, errs)
	case reflect.Pointer:
		// A pointer to a struct (an optional scope) exists only when the
		// form filled something in under its name.
		if !hasPrefix(form, name+".") {
			return
		}
		nv := reflect.New(fv.Type().Elem())
		bindValue(form, name, nv.Elem(), errs)
		fv.Set(nv)
	case reflect.Slice:
		bindSlice(form, name, fv, errs)
	case reflect.Map:
		bindMap(form, name, fv, errs)
	}
}

func bindSlice(form url.Values, name string, fv reflect.Value, errs *problem.Fields) {
	elem := fv.Type().Elem()
	if elem.Kind() == reflect.String {
		var out []string
		for _, raw := range form[name] {
			out = append(out, splitList(name, raw)...)
		}
		fv.Set(reflect.ValueOf(out).Convert(fv.Type()))
		return
	}
	if elem.Kind() != reflect.Struct {
		return
	}
	out := reflect.MakeSlice(fv.Type(), 0, 4)
	for i := 0; i < 200; i++ {
		p := name + "[" + strconv.Itoa(i) + "]."
		if !keyExists(form, p) {
			break
		}
		if blankRow(form, p) {
			continue
		}
		ev := reflect.New(elem).Elem()
		// Keep the row's position in error names: the domain numbers rows
		// of what it received, so bind the kept rows densely.
		sub := url.Values{}
		at := name + "[" + strconv.Itoa(out.Len()) + "]."
		for k, vs := range form {
			if strings.HasPrefix(k, p) {
				sub[at+strings.TrimPrefix(k, p)] = vs
			}
		}
		bindStruct(sub, at, ev, errs)
		out = reflect.Append(out, ev)
	}
	fv.Set(out)
}

// bindMap reads indicator values: [i].name and [i].value pairs.
func bindMap(form url.Values, name string, fv reflect.Value, errs *problem.Fields) {
	if fv.Type().Key().Kind() != reflect.String || fv.Type().Elem().Kind() != reflect.Float64 {
		return
	}
	m := reflect.MakeMap(fv.Type())
	for i := 0; i < 200; i++ {
		p := name + "[" + strconv.Itoa(i) + "]"
		key, val := strings.TrimSpace(form.Get(p+".name")), strings.TrimSpace(form.Get(p+".value"))
		if !keyExists(form, p+".") {
			break
		}
		if key == "" || val == "" {
			continue
		}
		f, err := parseDecimal(val)
		if err != nil {
			errs.Add(p+".value", "field.not_number")
			continue
		}
		m.SetMapIndex(reflect.ValueOf(key), reflect.ValueOf(f))
	}
	if m.Len() > 0 {
		fv.Set(m)
	}
}

// splitList splits a text box into list items: ids (units, people) by
// commas or spaces, sentences (stop conditions) by lines.
func splitList(name, raw string) []string {
	var parts []string
	if strings.HasSuffix(name, "units") || strings.HasSuffix(name, "implementers") {
		parts = strings.FieldsFunc(raw, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t' })
	} else {
		parts = strings.Split(strings.ReplaceAll(raw, "\r\n", "\n"), "\n")
	}
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func hasPrefix(form url.Values, p string) bool {
	for k, vs := range form {
		if strings.HasPrefix(k, p) {
			for _, v := range vs {
				if strings.TrimSpace(v) != "" {
					return true
				}
			}
		}
	}
	return false
}

func blankRow(form url.Values, p string) bool { return !hasPrefix(form, p) }

func keyExists(form url.Values, p string) bool {
	for k := range form {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}

// parseWhole reads a whole number written with Vietnamese or English
// thousands separators ("450.000.000", "450,000,000", "450 000 000").
func parseWhole(s string) (int64, error) {
	s = strings.Map(func(r rune) rune {
		if r == '.' || r == ',' || r == ' ' || r == '_' || r == '\u00a0' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	return strconv.ParseInt(s, 10, 64)
}

// parseDecimal reads a measured value, with a comma or a point as the
// decimal mark.
func parseDecimal(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	return strconv.ParseFloat(s, 64)
}

// isDayField says whether a form name holds a date, which pages write as
// dd/mm/yyyy.
func isDayField(name string) bool {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	switch name {
	case "date", "start", "end", "deadline":
		return true
	}
	return strings.HasSuffix(name, "_date")
}

// readDay reads a date as people write it, d/m/yyyy (or with dashes or
// dots), or as yyyy-mm-dd, and gives it as yyyy-mm-dd.
func readDay(s string) (string, bool) {
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		if _, err := calendar.ParseDate(s); err == nil {
			return s, true
		}
		return "", false
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' || r == ' ' })
	if len(parts) != 3 || len(parts[0]) > 2 || len(parts[1]) > 2 || len(parts[2]) != 4 {
		return "", false
	}
	d, err1 := strconv.Atoi(parts[0])
	m, err2 := strconv.Atoi(parts[1])
	y, err3 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || err3 != nil {
		return "", false
	}
	iso := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
	if _, err := calendar.ParseDate(iso); err != nil {
		return "", false
	}
	return iso, true
}

// withDomainErrors adds to a refused binding the errors the domain finds
// in what could be bound, for the fields the binding did not already
// refuse: a form with a date and an amount both wrong marks both at once.
func withDomainErrors(bindErr error, validate func(*problem.Fields)) error {
	pe := problem.As(bindErr)
	if pe.Kind != problem.Invalid {
		return bindErr
	}
	var more problem.Fields
	validate(&more)
	refused := map[string]bool{}
	for _, f := range pe.Fields {
		refused[f.Field] = true
	}
	all := append(problem.Fields{}, pe.Fields...)
	for _, f := range more {
		if !refused[f.Field] {
			all = append(all, f)
		}
	}
	return all.Err()
}
