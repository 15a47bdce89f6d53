package eval

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// LoadOutputDir reads predicted texts from the <id>.txt files of dir,
// keyed by <id>; other files and subdirectories are ignored.
func LoadOutputDir(dir string) (map[string]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	out := make(map[string]string, len(entries))
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || strings.HasPrefix(name, ".") || filepath.Ext(name) != ".txt" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("eval: %w", err)
		}
		out[strings.TrimSuffix(name, ".txt")] = string(data)
	}
	return out, nil
}

// LoadReference reads a peer's output in the benchmarks' reference format,
// {"output": {"<id>": {"articleBody": "..."}}} (or "text" in place of
// "articleBody"), into a map from page ID to text. A page whose value is
// null, a bare string, or an object without either field is read as that
// string or as no prediction.
func LoadReference(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	var doc struct {
		Output map[string]json.RawMessage `json:"output"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, jsonError(path, data, err)
	}
	if doc.Output == nil {
		return nil, fmt.Errorf(`eval: %s: no "output" object`, path)
	}
	out := make(map[string]string, len(doc.Output))
	for id, raw := range doc.Output {
		var s *string
		if err := json.Unmarshal(raw, &s); err == nil {
			if s != nil {
				out[id] = *s
			}
			continue
		}
		var v struct {
			ArticleBody *string `json:"articleBody"`
			Text        *string `json:"text"`
		}
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, fmt.Errorf("eval: %s: output %q: %w", path, id, err)
		}
		switch {
		case v.ArticleBody != nil:
			out[id] = *v.ArticleBody
		case v.Text != nil:
			out[id] = *v.Text
		}
	}
	return out, nil
}
