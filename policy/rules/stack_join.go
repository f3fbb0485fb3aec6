package rules

import (
	"slices"
	"strings"

	"github.com/secureserverless/framework/policy/pack"
)

// Joins between a resource and the sibling resources that configure it, for stack policies.
//
// During a preview the ids and ARNs of new resources are unknown, so a stack policy joins through
// PropertyDependencies: the URNs of the resources that a property's value came from. When a program
// passes a component's output, such as the VpcId of an awsx Vpc, the engine may record the component's
// URN instead of the child's. A join accepts it when the component has exactly one child of the
// target's type. Once values are known, a sibling whose property equals the target's name, ARN or id
// joins too, for programs that pass a literal value instead of an output.

// siblingJoin describes how resources of siblingTypes name the target they configure.
type siblingJoin struct {
	// siblingTypes are the type tokens of the sibling resources.
	siblingTypes []string
	// property is the sibling's property that names the target, such as "bucket" or "vpcId". Its value
	// is a string or a list of strings.
	property string
	// targetKeys are the target's outputs that the sibling's property may equal, such as "bucket" (the
	// bucket name) or "arn".
	targetKeys []string
	// idInARN is true when the sibling's property may hold the target's id, which is the part of the
	// target's arn output after the last "/", as in vpc-0123 for arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0123.
	idInARN bool
}

// siblingsOf returns the resources that join names as configuring target, in stack order.
func siblingsOf(check *pack.StackCheck, target pack.Resource, join siblingJoin) []pack.Resource {
	onlyChild := target.Parent != "" && countChildren(check, target.Parent, target.Type) == 1

	var found []pack.Resource
	for _, sibling := range check.OfType(join.siblingTypes...) {
		dependencies := sibling.PropertyDependencies[join.property]
		switch {
		case slices.Contains(dependencies, target.URN):
		case onlyChild && slices.Contains(dependencies, target.Parent):
		case namesTarget(sibling, join, target):
		default:
			continue
		}
		found = append(found, sibling)
	}
	return found
}

// countChildren counts the resources of resourceType whose parent is parent.
func countChildren(check *pack.StackCheck, parent, resourceType string) int {
	count := 0
	for _, resource := range check.Resources {
		if resource.Parent == parent && resource.Type == resourceType {
			count++
		}
	}
	return count
}

// namesTarget reports whether the sibling's property holds a known, non-empty value of one of the
// target's outputs in join.targetKeys.
func namesTarget(sibling pack.Resource, join siblingJoin, target pack.Resource) bool {
	var names []string
	for _, key := range join.targetKeys {
		if name, ok := stringValue(target.Properties.Get(key)); ok && name != "" {
			names = append(names, name)
		}
	}
	if arn, ok := stringValue(target.Properties.Get("arn")); ok && join.idInARN {
		if id := arn[strings.LastIndex(arn, "/")+1:]; id != "" {
			names = append(names, id)
		}
	}
	if len(names) == 0 {
		return false
	}

	value := sibling.Properties.Get(join.property)
	if text, ok := stringValue(value); ok {
		return slices.Contains(names, text)
	}
	elements, _ := arrayValue(value)
	for _, element := range elements {
		if text, ok := stringValue(element); ok && slices.Contains(names, text) {
			return true
		}
	}
	return false
}

// unjoined returns the resources of join's sibling types whose property is unknown and was not built
// from any resource's outputs, so that no join can tell yet which resource they configure.
func unjoined(check *pack.StackCheck, join siblingJoin) []pack.Resource {
	var found []pack.Resource
	for _, sibling := range check.OfType(join.siblingTypes...) {
		if sibling.Properties.Get(join.property).HasComputed() && len(sibling.PropertyDependencies[join.property]) == 0 {
			found = append(found, sibling)
		}
	}
	return found
}

// missingSiblings returns the targets that no sibling under join configures. A sibling whose property
// is unknown and built from no output could configure any of them, so while there is one, the function
// records its property as unknown and returns no targets, and the update judges them.
func missingSiblings(check *pack.StackCheck, targets []pack.Resource, join siblingJoin) []pack.Resource {
	var missing []pack.Resource
	for _, target := range targets {
		if len(siblingsOf(check, target, join)) == 0 {
			missing = append(missing, target)
		}
	}
	if len(missing) == 0 {
		return nil
	}

	pending := unjoined(check, join)
	for _, sibling := range pending {
		check.Unknown(sibling, join.property)
	}
	if len(pending) > 0 {
		return nil
	}
	return missing
}
