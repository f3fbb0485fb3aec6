package standin

import (
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/secureserverless/framework/offline/fakeaws"
)

// diffInputs compares old and new inputs key by key, as the real provider reports its plan.
//
// A key is changed when its value differs. Unknown new values count as changes. Assets and archives compare
// by hash, so the same code at another path is no change. Null and absent values are the same. A changed key
// is a replacement when fakeaws.ReplaceOnChange lists it, or lists a path inside it whose value changed.
// Paths in ignoreChanges keep their old value.
//
// A replacement deletes the old resource first when the program set the physical name itself and did not
// change it, because AWS cannot hold two resources with one name. An autonamed resource is created anew
// before the old one is deleted.
func diffInputs(model fakeaws.Model, typ string, urn resource.URN, olds, news resource.PropertyMap,
	ignoreChanges []string,
) (*pulumirpc.DiffResponse, error) {
	news = news.Copy()
	for _, raw := range ignoreChanges {
		path, err := resource.ParsePropertyPath(raw)
		if err != nil {
			return nil, status.Errorf(codes.InvalidArgument, "diffing %s: invalid ignoreChanges path %q: %v", urn, raw, err)
		}
		ignorePath(path, olds, news)
	}

	replacePaths := fakeaws.ReplaceOnChange(typ)

	keys := sortedKeyStrings(olds)
	for _, key := range sortedKeyStrings(news) {
		if !slices.Contains(keys, key) {
			keys = append(keys, key)
		}
	}
	slices.Sort(keys)

	resp := &pulumirpc.DiffResponse{
		Changes:         pulumirpc.DiffResponse_DIFF_NONE,
		DetailedDiff:    map[string]*pulumirpc.PropertyDiff{},
		HasDetailedDiff: true,
	}
	for _, key := range keys {
		oldValue, hasOld := presentValue(olds, key)
		newValue, hasNew := presentValue(news, key)
		if !hasOld && !hasNew || hasOld && hasNew && inputsEqual(oldValue, newValue) {
			continue
		}

		kind := pulumirpc.PropertyDiff_UPDATE
		switch {
		case !hasOld:
			kind = pulumirpc.PropertyDiff_ADD
		case !hasNew:
			kind = pulumirpc.PropertyDiff_DELETE
		}
		if forcesReplacement(replacePaths, key, olds, news) {
			kind = replaceKind(kind)
			resp.Replaces = append(resp.Replaces, key)
		}
		resp.Diffs = append(resp.Diffs, key)
		resp.DetailedDiff[key] = &pulumirpc.PropertyDiff{Kind: kind, InputDiff: true}
	}

	if len(resp.Diffs) > 0 {
		resp.Changes = pulumirpc.DiffResponse_DIFF_SOME
	}
	resp.DeleteBeforeReplace = len(resp.Replaces) > 0 && keepsExplicitName(model, typ, urn, news, resp.Diffs)
	return resp, nil
}

// forcesReplacement reports whether a change to the top-level key replaces the resource: the key itself is
// a replacement path, or a replacement path inside the key has a different value in olds and news.
func forcesReplacement(replacePaths []string, key string, olds, news resource.PropertyMap) bool {
	for _, path := range replacePaths {
		if path == key {
			return true
		}
		if !strings.HasPrefix(path, key+".") {
			continue
		}
		oldValue, hasOld := fakeaws.ValueAtPath(olds, path)
		newValue, hasNew := fakeaws.ValueAtPath(news, path)
		hasOld = hasOld && !oldValue.IsNull()
		hasNew = hasNew && !newValue.IsNull()
		if hasOld != hasNew || hasOld && !inputsEqual(oldValue, newValue) {
			return true
		}
	}
	return false
}

// keepsExplicitName reports whether news sets the physical name to a value other than the autoname and the
// name is not among the changed keys.
func keepsExplicitName(model fakeaws.Model, typ string, urn resource.URN, news resource.PropertyMap,
	changed []string,
) bool {
	property := fakeaws.NameProperty(typ)
	if property == "" || slices.Contains(changed, property) {
		return false
	}
	name, ok := knownString(news, property)
	return ok && name != model.Autoname(typ, urn, news)
}

// replaceKind returns the replacement variant of a property diff kind.
func replaceKind(kind pulumirpc.PropertyDiff_Kind) pulumirpc.PropertyDiff_Kind {
	switch kind {
	case pulumirpc.PropertyDiff_ADD:
		return pulumirpc.PropertyDiff_ADD_REPLACE
	case pulumirpc.PropertyDiff_DELETE:
		return pulumirpc.PropertyDiff_DELETE_REPLACE
	default:
		return pulumirpc.PropertyDiff_UPDATE_REPLACE
	}
}

// ignorePath sets the value at path in news to its value in olds, or removes it from news when olds has none.
func ignorePath(path resource.PropertyPath, olds, news resource.PropertyMap) {
	target := resource.NewObjectProperty(news)
	if oldValue, ok := path.Get(resource.NewObjectProperty(olds)); ok {
		path.Set(target, oldValue)
		return
	}
	path.Delete(target)
}

// presentValue returns the value at key unless it is absent or null.
func presentValue(props resource.PropertyMap, key string) (resource.PropertyValue, bool) {
	v, has := props[resource.PropertyKey(key)]
	if !has || v.IsNull() {
		return resource.PropertyValue{}, false
	}
	return v, true
}

// inputsEqual compares two input values, ignoring secret and output wrappers. An unknown value equals
// nothing. Assets and archives compare by hash, as the engine's Archive.Equals does, and resource
// references by URN and id.
func inputsEqual(a, b resource.PropertyValue) bool {
	a, aKnown := unwrapValue(a)
	b, bKnown := unwrapValue(b)
	if !aKnown || !bKnown {
		return false
	}
	switch {
	case a.IsNull() || b.IsNull():
		return a.IsNull() && b.IsNull()
	case a.IsArray():
		if !b.IsArray() || len(a.ArrayValue()) != len(b.ArrayValue()) {
			return false
		}
		for i, elem := range a.ArrayValue() {
			if !inputsEqual(elem, b.ArrayValue()[i]) {
				return false
			}
		}
		return true
	case a.IsObject():
		if !b.IsObject() {
			return false
		}
		x, y := a.ObjectValue(), b.ObjectValue()
		for _, key := range sortedKeyStrings(x) {
			xv, hasX := presentValue(x, key)
			yv, hasY := presentValue(y, key)
			if hasX != hasY || hasX && !inputsEqual(xv, yv) {
				return false
			}
		}
		for _, key := range sortedKeyStrings(y) {
			if _, hasX := presentValue(x, key); !hasX {
				if _, hasY := presentValue(y, key); hasY {
					return false
				}
			}
		}
		return true
	default:
		// Primitives, assets, archives and resource references.
		return a.DeepEquals(b)
	}
}
