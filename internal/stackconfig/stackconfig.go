// Package stackconfig reads and checks the stack settings of a Pulumi project in this module. Its typed
// reads collect every invalid value instead of stopping at the first. CheckKeys rejects a key in a stack
// file that the project file does not declare.
package stackconfig

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"gopkg.in/yaml.v3"
)

// Error is a stack setting, or an input of a component, with a value the program does not accept.
type Error struct {
	// Key is the full key, such as "secure-serverless:logRetentionDays". For a component input it is
	// the component's type token and the input name, such as "secureserverless:index:Platform:logRetentionDays".
	Key      string
	Value    string
	Accepted string
	// List is true for a setting that is a list of values, whose error names the entry at fault.
	List bool
	// Component is the type token of the component whose input the value is, empty for a stack setting.
	Component string
}

func (e *Error) Error() string {
	if e.Component != "" {
		input := strings.TrimPrefix(e.Key, e.Component+":")
		return fmt.Sprintf("invalid input %s=%s of component %s: accepted values are %s; "+
			"set the component's %s input to an accepted value%s",
			input, e.Value, e.Component, e.Accepted, input, e.inputListHint(input))
	}
	// With --path the command also sets one entry of a list or object setting, such as
	// alarmThresholds.api5xxErrors, in place of a new top-level key of that name.
	return fmt.Sprintf("invalid stack setting %s=%s: accepted values are %s; "+
		"set another value in the stack's Pulumi.<stack>.yaml or with `pulumi config set --path '%s' VALUE`%s",
		e.Key, e.Value, e.Accepted, e.Key, e.listHint())
}

// listHint returns how to set one entry of a list setting, whose errors name one entry's value.
func (e *Error) listHint() string {
	if !e.List {
		return ""
	}
	return fmt.Sprintf(" (with '%s[0]' for the first entry of the list)", e.Key)
}

// inputListHint returns which entry of a list input the error names.
func (e *Error) inputListHint(input string) string {
	if !e.List {
		return ""
	}
	return fmt.Sprintf(" (the value is one entry of the list %s)", input)
}

// Source supplies the raw values of settings by key. *config.Config is the Source of stack settings;
// InputSource is the Source of a component's inputs.
type Source interface {
	// Get returns the value at key as text, or "" when the key is unset.
	Get(key string) string
	// TryInt returns the whole number at key, or an error when the key is unset or not a whole number.
	TryInt(key string) (int, error)
	// TryObject decodes the JSON value at key into output, or returns an error when the key is unset
	// or the value does not fit output.
	TryObject(key string, output any) error
}

// Reader reads the settings of the project's namespace, or the inputs of a component, and records an
// Error for each value of the wrong type, returning the fallback in its place.
type Reader struct {
	cfg       Source
	namespace string
	component string
	errs      []error
}

// NewReader returns a reader of the namespace named after the project.
func NewReader(ctx *pulumi.Context) *Reader {
	return &Reader{cfg: config.New(ctx, ""), namespace: ctx.Project()}
}

// NewInputReader returns a reader of the inputs of a component of type token component. Its errors
// name the input instead of a stack setting.
func NewInputReader(component string, inputs InputSource) *Reader {
	return &Reader{cfg: inputs, namespace: component, component: component}
}

// Namespace returns the namespace of the settings: the project's name, or the component's type token.
func (r *Reader) Namespace() string { return r.namespace }

// Component returns the type token of the component whose inputs the reader reads, empty for stack
// settings.
func (r *Reader) Component() string { return r.component }

// Errors returns the errors recorded so far.
func (r *Reader) Errors() []error { return r.errs }

func (r *Reader) invalid(key, text, accepted string) {
	r.errs = append(r.errs, &Error{Key: r.namespace + ":" + key, Value: text, Accepted: accepted,
		Component: r.component})
}

// Int returns the whole number at key, or fallback when the key is unset.
func (r *Reader) Int(key string, fallback int) int {
	value, err := r.cfg.TryInt(key)
	if err == nil {
		return value
	}
	if text := r.cfg.Get(key); text != "" {
		r.invalid(key, text, "a whole number")
	}
	return fallback
}

// Bool returns the boolean at key, or fallback when the key is unset.
func (r *Reader) Bool(key string, fallback bool) bool {
	text := r.cfg.Get(key)
	if text == "" {
		return fallback
	}
	value, err := strconv.ParseBool(text)
	if err != nil {
		r.invalid(key, text, "true or false")
		return fallback
	}
	return value
}

// String returns the string at key, or fallback when the key is unset or empty.
func (r *Reader) String(key, fallback string) string {
	if text := r.cfg.Get(key); text != "" {
		return text
	}
	return fallback
}

// Strings returns the list of strings at key, or nil when the key is unset.
func (r *Reader) Strings(key string) []string {
	text := r.cfg.Get(key)
	if text == "" {
		return nil
	}
	var values []string
	if err := r.cfg.TryObject(key, &values); err != nil {
		r.invalid(key, text, "a list of strings")
	}
	return values
}

// Numbers returns the object of names and numbers at key, or nil when the key is unset.
func (r *Reader) Numbers(key string) map[string]float64 {
	text := r.cfg.Get(key)
	if text == "" {
		return nil
	}
	var values map[string]float64
	if err := r.cfg.TryObject(key, &values); err != nil {
		r.invalid(key, text, `an object of names and numbers, such as {"api5xxErrors": 10}`)
	}
	return values
}

// CheckKeys rejects a key of the project's namespace in Pulumi.<stack>.yaml that Pulumi.yaml does not
// declare. The engine accepts such a key and the program would ignore it, so a misspelled setting would
// silently keep its default. Both files are read from dir; a missing stack file (a stack configured
// some other way) is not checked.
func CheckKeys(dir, project, stack string) error {
	stackFile := filepath.Join(dir, "Pulumi."+stack+".yaml")
	stackData, err := os.ReadFile(stackFile)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading stack settings %s: %w", stackFile, err)
	}
	projectFile := filepath.Join(dir, "Pulumi.yaml")
	projectData, err := os.ReadFile(projectFile)
	if err != nil {
		return fmt.Errorf("reading project file %s: %w", projectFile, err)
	}

	var declared, settings struct {
		Config map[string]any `yaml:"config"`
	}
	if err := yaml.Unmarshal(projectData, &declared); err != nil {
		return fmt.Errorf("parsing project file %s: %w", projectFile, err)
	}
	if err := yaml.Unmarshal(stackData, &settings); err != nil {
		return fmt.Errorf("parsing stack settings %s: %w", stackFile, err)
	}

	known := make([]string, 0, len(declared.Config))
	for key := range declared.Config {
		known = append(known, strings.TrimPrefix(key, project+":"))
	}
	slices.Sort(known)

	var errs []error
	for key := range settings.Config {
		namespace, name, ok := strings.Cut(key, ":")
		if !ok {
			continue
		}
		if namespace != project {
			// Other namespaces belong to providers, but one a letter or two away from the project's is
			// a misspelling whose settings the program would never read.
			if !slices.Contains(providerNamespaces, namespace) &&
				distance(strings.ToLower(namespace), project) <= namespaceTypoDistance(project) {
				errs = append(errs, fmt.Errorf("unknown stack setting %s in %s: did you mean %s:%s?",
					key, stackFile, project, name))
			}
			continue
		}
		if slices.Contains(known, name) {
			continue
		}
		hint := "settings Pulumi.yaml declares: " + strings.Join(known, ", ")
		if nearest := nearestName(name, known); nearest != "" {
			hint = "did you mean " + project + ":" + nearest + "?"
		}
		errs = append(errs, fmt.Errorf("unknown stack setting %s in %s: %s", key, stackFile, hint))
	}
	slices.SortFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
	return errors.Join(errs...)
}

// maxTypoDistance is the largest edit distance at which a name counts as a misspelling of another.
const maxTypoDistance = 2

// providerNamespaces are the namespaces of the providers the projects configure, never misspellings.
var providerNamespaces = []string{"aws", "awsx", "pulumi"}

// namespaceTypoDistance is the largest edit distance at which a namespace counts as a misspelling of
// the project's name: one edit for every eight characters, at least one.
func namespaceTypoDistance(project string) int {
	return max(1, min(maxTypoDistance, len(project)/8))
}

// nearestName returns the name of known closest to name, ignoring case, or "" when none is within
// maxTypoDistance edits.
func nearestName(name string, known []string) string {
	best, bestDistance := "", maxTypoDistance+1
	for _, candidate := range known {
		if d := distance(strings.ToLower(name), strings.ToLower(candidate)); d < bestDistance {
			best, bestDistance = candidate, d
		}
	}
	return best
}

// distance returns the Levenshtein distance between a and b, counted in bytes.
func distance(a, b string) int {
	previous := make([]int, len(b)+1)
	current := make([]int, len(b)+1)
	for j := range previous {
		previous[j] = j
	}
	for i := 1; i <= len(a); i++ {
		current[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			current[j] = min(previous[j]+1, current[j-1]+1, previous[j-1]+cost)
		}
		previous, current = current, previous
	}
	return previous[len(b)]
}
