// Command promql-metrics parses every PromQL expression of the chart's Grafana dashboard and alert rules with
// Prometheus' own parser and prints the metric names they select, one per line, sorted and unique. It exits non-zero
// when an expression does not parse, a panel has no query, or a selector names no metric (a query over every series
// can never be checked against what the operator exports).
//
// Usage: promql-metrics -dashboard FILE.json -rules FILE.yaml
//
// Grafana replaces its macros before a query reaches Prometheus; the same happens here, with the durations Grafana
// would use at a typical 1-minute step ($__rate_interval, $__interval, $__range). Template variables ($namespace) may
// only stand inside label values, where any text parses.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/promql/parser"
	"go.yaml.in/yaml/v3"
)

// query is one expression and where it came from, for error messages.
type query struct {
	where string
	expr  string
}

var macros = strings.NewReplacer(
	"${__rate_interval}", "4m",
	"$__rate_interval", "4m",
	"${__interval}", "1m",
	"$__interval", "1m",
	"${__range}", "1h",
	"$__range", "1h",
)

// A Grafana variable left outside a label value: the parser would report something obscure, so say it plainly.
var variableOutsideString = regexp.MustCompile(`\$\{?[A-Za-z_]`)

type panel struct {
	Title   string  `json:"title"`
	Type    string  `json:"type"`
	Panels  []panel `json:"panels"`
	Targets []struct {
		RefID string `json:"refId"`
		Expr  string `json:"expr"`
	} `json:"targets"`
}

func dashboardQueries(path string) ([]query, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var d struct {
		Panels     []panel `json:"panels"`
		Templating struct {
			List []struct {
				Name  string          `json:"name"`
				Type  string          `json:"type"`
				Query json.RawMessage `json:"query"`
			} `json:"list"`
		} `json:"templating"`
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []query
	var walk func([]panel) error
	walk = func(ps []panel) error {
		for _, p := range ps {
			if p.Type == "row" {
				if err := walk(p.Panels); err != nil {
					return err
				}
				continue
			}
			if len(p.Targets) == 0 {
				return fmt.Errorf("%s: panel %q has no query", path, p.Title)
			}
			for _, t := range p.Targets {
				if strings.TrimSpace(t.Expr) == "" {
					return fmt.Errorf("%s: panel %q, query %s is empty", path, p.Title, t.RefID)
				}
				out = append(out, query{fmt.Sprintf("%s: panel %q, query %s", path, p.Title, t.RefID), t.Expr})
			}
		}
		return nil
	}
	if err := walk(d.Panels); err != nil {
		return nil, err
	}
	for _, v := range d.Templating.List {
		if v.Type != "query" {
			continue
		}
		selector, err := variableSelector(v.Query)
		if err != nil {
			return nil, fmt.Errorf("%s: variable %s: %w", path, v.Name, err)
		}
		out = append(out, query{fmt.Sprintf("%s: variable %s", path, v.Name), selector})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no panel queries", path)
	}
	return out, nil
}

// Grafana's label_values(selector, label): the selector is PromQL, the function around it is Grafana's.
var labelValues = regexp.MustCompile(`^\s*label_values\((.+),\s*[A-Za-z_][A-Za-z0-9_]*\s*\)\s*$`)

// variableSelector returns the series selector of a query variable (its query is a string, or an object with one).
func variableSelector(raw json.RawMessage) (string, error) {
	var text string
	if err := json.Unmarshal(raw, &text); err != nil {
		var object struct {
			Query string `json:"query"`
		}
		if err := json.Unmarshal(raw, &object); err != nil {
			return "", err
		}
		text = object.Query
	}
	m := labelValues.FindStringSubmatch(text)
	if m == nil {
		return "", fmt.Errorf("not label_values(selector, label): %q", text)
	}
	return m[1], nil
}

func ruleQueries(path string) ([]query, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f struct {
		Groups []struct {
			Name  string `yaml:"name"`
			Rules []struct {
				Alert  string `yaml:"alert"`
				Record string `yaml:"record"`
				Expr   string `yaml:"expr"`
			} `yaml:"rules"`
		} `yaml:"groups"`
	}
	if err := yaml.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []query
	for _, g := range f.Groups {
		for _, r := range g.Rules {
			out = append(out, query{fmt.Sprintf("%s: group %s, rule %s%s", path, g.Name, r.Alert, r.Record), r.Expr})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no rules", path)
	}
	return out, nil
}

// metricNames parses expr and returns the metric names its selectors use.
func metricNames(p parser.Parser, q query) ([]string, error) {
	expr := macros.Replace(q.expr)
	if loc := variableOutsideString.FindStringIndex(stripStrings(expr)); loc != nil {
		return nil, fmt.Errorf("%s: a Grafana variable outside a label value: %s", q.where, q.expr)
	}
	parsed, err := p.ParseExpr(expr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w\n  %s", q.where, err, q.expr)
	}
	var names []string
	for _, matchers := range parser.ExtractSelectors(parsed) {
		name := ""
		for _, m := range matchers {
			if m.Name == labels.MetricName && m.Type == labels.MatchEqual {
				name = m.Value
			}
		}
		if name == "" {
			return nil, fmt.Errorf("%s: a selector without a fixed metric name: %s", q.where, q.expr)
		}
		names = append(names, name)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: selects no metric: %s", q.where, q.expr)
	}
	return names, nil
}

// stripStrings blanks out quoted strings, where Grafana variables are fine.
func stripStrings(expr string) string {
	return regexp.MustCompile(`"(\\.|[^"\\])*"|'(\\.|[^'\\])*'|`+"`[^`]*`").ReplaceAllString(expr, `""`)
}

func main() {
	dashboard := flag.String("dashboard", "", "Grafana dashboard JSON")
	rules := flag.String("rules", "", "Prometheus rule file")
	flag.Parse()
	if *dashboard == "" || *rules == "" {
		fmt.Fprintln(os.Stderr, "usage: promql-metrics -dashboard FILE.json -rules FILE.yaml")
		os.Exit(2)
	}
	var queries []query
	for _, load := range []func() ([]query, error){
		func() ([]query, error) { return dashboardQueries(*dashboard) },
		func() ([]query, error) { return ruleQueries(*rules) },
	} {
		qs, err := load()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		queries = append(queries, qs...)
	}
	p := parser.NewParser(parser.Options{})
	seen := map[string]bool{}
	failed := false
	for _, q := range queries {
		names, err := metricNames(p, q)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			failed = true
			continue
		}
		for _, n := range names {
			seen[n] = true
		}
	}
	if failed {
		os.Exit(1)
	}
	sorted := make([]string, 0, len(seen))
	for n := range seen {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	for _, n := range sorted {
		fmt.Println(n)
	}
}
