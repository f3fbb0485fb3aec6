package pack

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDescribeSchemaProperty(t *testing.T) {
	tests := []struct {
		name     string
		property map[string]any
		want     string
	}{
		{
			name: "integer with bounds",
			property: map[string]any{"type": "integer", "default": 7, "minimum": 1, "maximum": 30,
				"description": "Days."},
			want: "(integer, default 7, maximum 30, minimum 1): Days.",
		},
		{
			name:     "boolean",
			property: map[string]any{"type": "boolean", "default": true, "description": "Whether."},
			want:     "(boolean, default true): Whether.",
		},
		{
			name: "array of enum strings",
			property: map[string]any{
				"type":        "array",
				"default":     []string{"REGIONAL", "PRIVATE"},
				"items":       map[string]any{"type": "string", "enum": []any{"EDGE", "REGIONAL", "PRIVATE"}},
				"minItems":    1,
				"description": "Endpoint types.",
			},
			want: `(array of string, default ["REGIONAL", "PRIVATE"], items enum ["EDGE", "REGIONAL", "PRIVATE"], ` +
				`minItems 1): Endpoint types.`,
		},
		{
			name: "array of plain strings",
			property: map[string]any{"type": "array", "default": []string{"s3", "kms"},
				"items": map[string]any{"type": "string"}, "description": "Services."},
			want: `(array of string, default ["s3", "kms"]): Services.`,
		},
		{
			name: "array items without a type",
			property: map[string]any{"type": "array",
				"items": map[string]any{"maxLength": 5}, "description": "Names."},
			want: `(array, items maxLength 5): Names.`,
		},
		{
			name:     "string default with quotes",
			property: map[string]any{"type": "string", "default": `a "b"`, "description": "Text."},
			want:     `(string, default "a \"b\""): Text.`,
		},
		{
			name: "object default",
			property: map[string]any{"type": "object", "default": map[string]any{"b": []int{1, 2}, "a": "x"},
				"description": "Map."},
			want: `(object, default {"a": "x", "b": [1, 2]}): Map.`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := describeSchemaProperty(tt.property)

			assert.Equal(t, tt.want, got)
			assert.NotContains(t, got, "map[")
		})
	}
}
