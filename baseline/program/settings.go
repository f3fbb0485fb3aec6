package program

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// checkSettingKeys rejects a key of the project's namespace in Pulumi.<stack>.yaml that Pulumi.yaml does
// not declare. The engine accepts such a key and the program would ignore it, so a misspelled switch,
// such as guardduty for guardDuty, would silently leave its service off. Both files are read from dir;
// a missing stack file (a stack configured some other way) is not checked.
func checkSettingKeys(dir, project, stack string) error {
	stackFile := filepath.Join(dir, "Pulumi."+stack+".yaml")
	stackData, err := os.ReadFile(stackFile)
	if errors.Is(err, fs.ErrNotExist) {
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
