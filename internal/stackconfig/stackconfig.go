// Package stackconfig reads and checks the stack settings of a Pulumi project in this module: typed
// reads that collect every invalid value instead of stopping at the first, and a check that a stack
// file sets no key that the project file does not declare.
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

// Error is a stack setting with a value the program does not accept.
type Error struct {
	// Key is the full key, such as "secure-serverless:logRetentionDays".
	Key      string
	Value    string
	Accepted string
}

func (e *Error) Error() string {
	return fmt.Sprintf("invalid stack setting %s=%s: accepted values are %s; "+
		"set another value in the stack's Pulumi.<stack>.yaml or with `pulumi config set %s VALUE`",
		e.Key, e.Value, e.Accepted, e.Key)
}

// Reader reads the settings of the project's namespace and records an Error for each value of the
// wrong type, returning the fallback in its place.
type Reader struct {
	cfg       *config.Config
	namespace string
	errs      []error
}

// NewReader returns a reader of the namespace named after the project.
func NewReader(ctx *pulumi.Context) *Reader {
	return &Reader{cfg: config.New(ctx, ""), namespace: ctx.Project()}
}

// Namespace returns the namespace of the settings, the project's name.
func (r *Reader) Namespace() string { return r.namespace }

// Errors returns the errors recorded so far.
func (r *Reader) Errors() []error { return r.errs }

func (r *Reader) invalid(key, text, accepted string) {
	r.errs = append(r.errs, &Error{Key: r.namespace + ":" + key, Value: text, Accepted: accepted})
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
		name, ok := strings.CutPrefix(key, project+":")
		if !ok || slices.Contains(known, name) {
			continue
		}
		hint := "settings Pulumi.yaml declares: " + strings.Join(known, ", ")
		for _, k := range known {
			if strings.EqualFold(k, name) {
				hint = "did you mean " + project + ":" + k + "?"
			}
		}
		errs = append(errs, fmt.Errorf("unknown stack setting %s in %s: %s", key, stackFile, hint))
	}
	slices.SortFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
	return errors.Join(errs...)
}
