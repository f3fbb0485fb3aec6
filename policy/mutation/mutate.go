package mutation

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Mutation weakens one security default in a stack and returns how many resources it changed. A
// mutation that changes nothing means the default is no longer where the list expects it.
type Mutation func(s *Stack) (int, error)

// selectResources returns the indexes of the resources of the type whose logical name matches the
// pattern, which must match the whole name.
func selectResources(s *Stack, resourceType, namePattern string) []int {
	pattern := regexp.MustCompile("^(?:" + namePattern + ")$")
	var selected []int
	for i, r := range s.Resources {
		if r.Type == resourceType && pattern.MatchString(r.Name) {
			selected = append(selected, i)
		}
	}
	return selected
}

// editBoth applies edit to the inputs and the outputs of each selected resource, so that resource
// policies (inputs) and stack policies (outputs) see the same weakening. An edit must succeed on the
// inputs. On the outputs its error is ignored, because the fake model does not echo every input as
// an output (for example the nested kmsMasterKeyId of an encryption rule), and a property that is
// not in the outputs cannot weaken what a stack policy reads.
func editBoth(resourceType, namePattern string, edit func(properties resource.PropertyMap) error) Mutation {
	return func(s *Stack) (int, error) {
		selected := selectResources(s, resourceType, namePattern)
		for _, i := range selected {
			r := &s.Resources[i]
			if err := edit(r.Inputs); err != nil {
				return 0, fmt.Errorf("%s %s: %w", r.Type, r.Name, err)
			}
			_ = edit(r.Outputs)
		}
		return len(selected), nil
	}
}

// setProperty sets the property at path, as in "rules[0].applyServerSideEncryptionByDefault.sseAlgorithm".
// The path's parent must exist.
func setProperty(resourceType, namePattern, path string, value any) Mutation {
	parsed := propertyPath(path)
	return editBoth(resourceType, namePattern, func(properties resource.PropertyMap) error {
		if !parsed.Set(resource.NewProperty(properties), resource.NewPropertyValue(value)) {
			return fmt.Errorf("cannot set %s", path)
		}
		return nil
	})
}

// deleteProperty removes the property at path. It fails when the property is not there, because
// then the default the mutation weakens is not set.
func deleteProperty(resourceType, namePattern, path string) Mutation {
	parsed := propertyPath(path)
	return editBoth(resourceType, namePattern, func(properties resource.PropertyMap) error {
		if _, ok := parsed.Get(resource.NewProperty(properties)); !ok {
			return fmt.Errorf("property %s is not set", path)
		}
		parsed.Delete(resource.NewProperty(properties))
		return nil
	})
}

// removeResources removes the matching resources from the stack, as if the component had not
// created them.
func removeResources(resourceType, namePattern string) Mutation {
	return func(s *Stack) (int, error) {
		selected := selectResources(s, resourceType, namePattern)
		for i := len(selected) - 1; i >= 0; i-- {
			s.Resources = slices.Delete(s.Resources, selected[i], selected[i]+1)
		}
		return len(selected), nil
	}
}

// allOf applies every mutation and sums what they changed. Each part must change something.
func allOf(mutations ...Mutation) Mutation {
	return func(s *Stack) (int, error) {
		total := 0
		for i, mutation := range mutations {
			changed, err := mutation(s)
			if err != nil {
				return 0, err
			}
			if changed == 0 {
				return 0, fmt.Errorf("part %d of the mutation matched no resource", i+1)
			}
			total += changed
		}
		return total, nil
	}
}

// policyStatements is an IAM-style policy document with its statements kept as raw maps, so that
// an edit leaves every other field as the component wrote it.
type policyStatements struct {
	Version   string           `json:"Version,omitempty"`
	Statement []map[string]any `json:"Statement"`
}

// editPolicyDocument rewrites the JSON policy document in the string property at path.
func editPolicyDocument(resourceType, namePattern, path string, edit func(document *policyStatements) error) Mutation {
	parsed := propertyPath(path)
	return editBoth(resourceType, namePattern, func(properties resource.PropertyMap) error {
		value, ok := parsed.Get(resource.NewProperty(properties))
		if !ok || !value.IsString() {
			return fmt.Errorf("property %s is not a string", path)
		}
		var document policyStatements
		if err := json.Unmarshal([]byte(value.StringValue()), &document); err != nil {
			return fmt.Errorf("parsing the policy document in %s: %w", path, err)
		}
		if err := edit(&document); err != nil {
			return err
		}
		encoded, err := json.Marshal(document)
		if err != nil {
			return err
		}
		parsed.Set(resource.NewProperty(properties), resource.NewProperty(string(encoded)))
		return nil
	})
}

// dropStatements removes the statements with the given Sid.
func dropStatements(sid string) func(*policyStatements) error {
	return func(document *policyStatements) error {
		before := len(document.Statement)
		document.Statement = slices.DeleteFunc(document.Statement, func(statement map[string]any) bool {
			return statement["Sid"] == sid
		})
		if len(document.Statement) == before {
			return fmt.Errorf("no statement with Sid %q", sid)
		}
		return nil
	}
}

// addStatement appends a statement.
func addStatement(statement map[string]any) func(*policyStatements) error {
	return func(document *policyStatements) error {
		document.Statement = append(document.Statement, statement)
		return nil
	}
}

// replaceStatements replaces every statement with the given ones.
func replaceStatements(statements ...map[string]any) func(*policyStatements) error {
	return func(document *policyStatements) error {
		document.Statement = statements
		return nil
	}
}
