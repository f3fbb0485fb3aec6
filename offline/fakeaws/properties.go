package fakeaws

import (
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// unknown returns the computed placeholder the engine uses for a value that is not known yet.
func unknown() resource.PropertyValue {
	return resource.MakeComputed(resource.NewStringProperty(""))
}

// unwrap removes secret and output wrappers and reports whether the value is known.
func unwrap(v resource.PropertyValue) (resource.PropertyValue, bool) {
	for {
		switch {
		case v.IsComputed():
			return v, false
		case v.IsSecret():
			v = v.SecretValue().Element
		case v.IsOutput():
			out := v.OutputValue()
			if !out.Known {
				return v, false
			}
			v = out.Element
		default:
			return v, true
		}
	}
}

// stringValue returns the string at key. ok is false when the key is absent, null, unknown or not a string.
func stringValue(props resource.PropertyMap, key string) (string, bool) {
	v, has := props[resource.PropertyKey(key)]
	if !has {
		return "", false
	}
	v, known := unwrap(v)
	if !known || !v.IsString() {
		return "", false
	}
	return v.StringValue(), true
}

// boolValue returns the boolean at key. ok is false when the key is absent, null, unknown or not a boolean.
func boolValue(props resource.PropertyMap, key string) (bool, bool) {
	v, has := props[resource.PropertyKey(key)]
	if !has {
		return false, false
	}
	v, known := unwrap(v)
	if !known || !v.IsBool() {
		return false, false
	}
	return v.BoolValue(), true
}

// hasValue reports whether key holds a non-null value, known or not.
func hasValue(props resource.PropertyMap, key string) bool {
	v, has := props[resource.PropertyKey(key)]
	return has && !v.IsNull()
}

// keyIsUnknown reports whether the value at key contains unknowns.
func keyIsUnknown(props resource.PropertyMap, key string) bool {
	v, has := props[resource.PropertyKey(key)]
	return has && v.ContainsUnknowns()
}

// stringList returns the known strings of the array at key, skipping unknown and non-string elements.
func stringList(props resource.PropertyMap, key string) []string {
	v, has := props[resource.PropertyKey(key)]
	if !has {
		return nil
	}
	v, known := unwrap(v)
	if !known || !v.IsArray() {
		return nil
	}
	var out []string
	for _, elem := range v.ArrayValue() {
		elem, known := unwrap(elem)
		if known && elem.IsString() {
			out = append(out, elem.StringValue())
		}
	}
	return out
}

// stringMap returns the known string entries of the object at key.
func stringMap(props resource.PropertyMap, key string) map[string]string {
	v, has := props[resource.PropertyKey(key)]
	if !has {
		return nil
	}
	v, known := unwrap(v)
	if !known || !v.IsObject() {
		return nil
	}
	out := map[string]string{}
	for k, elem := range v.ObjectValue() {
		elem, known := unwrap(elem)
		if known && elem.IsString() {
			out[string(k)] = elem.StringValue()
		}
	}
	return out
}

// stringArray builds an array property of strings.
func stringArray(values ...string) resource.PropertyValue {
	arr := make([]resource.PropertyValue, 0, len(values))
	for _, v := range values {
		arr = append(arr, resource.NewStringProperty(v))
	}
	return resource.NewArrayProperty(arr)
}

// stringObject builds an object property from a string map.
func stringObject(values map[string]string) resource.PropertyValue {
	obj := resource.PropertyMap{}
	for k, v := range values {
		obj[resource.PropertyKey(k)] = resource.NewStringProperty(v)
	}
	return resource.NewObjectProperty(obj)
}

// sortedKeys returns the keys of m in ascending order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
