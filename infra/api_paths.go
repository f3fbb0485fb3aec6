package infra

import (
	"sort"
	"strings"
	"unicode"
)

// Paths of the REST API's routes and the names derived from them.

// validRoutePath reports whether path is "/" or "/segment/..." with literal or parameter segments.
func validRoutePath(path string) bool {
	if path == "/" {
		return true
	}
	if !strings.HasPrefix(path, "/") {
		return false
	}
	for _, segment := range strings.Split(path[1:], "/") {
		if !apiPathSegment.MatchString(segment) && !apiPathParameter.MatchString(segment) {
			return false
		}
	}
	return true
}

// pathParameters returns the parameter names of a route path, such as ["id"] for "/files/{id}".
func pathParameters(path string) []string {
	var names []string
	for _, segment := range strings.Split(path, "/") {
		if apiPathParameter.MatchString(segment) {
			names = append(names, strings.Trim(segment, "{}"))
		}
	}
	return names
}

// sourceARNPath returns the path of a route in an execute-api ARN, with each path parameter replaced by
// "*", such as "/files/*" for "/files/{id}".
func sourceARNPath(path string) string {
	segments := strings.Split(path, "/")
	for i, segment := range segments {
		if apiPathParameter.MatchString(segment) {
			segments[i] = "*"
		}
	}
	return strings.Join(segments, "/")
}

// modelName returns the name of the route's request model: letters and digits from its method and
// path, such as "PostFilesByIdBody" for POST /files/{id}, because API Gateway accepts only
// alphanumeric model names.
func (route APIRoute) modelName() string {
	var b strings.Builder
	b.WriteString(apiTitleWord(strings.ToLower(route.Method)))
	for _, segment := range strings.Split(route.Path, "/") {
		if apiPathParameter.MatchString(segment) {
			b.WriteString("By")
		}
		for _, word := range strings.FieldsFunc(segment, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		}) {
			b.WriteString(apiTitleWord(word))
		}
	}
	b.WriteString("Body")
	return b.String()
}

// apiTitleWord returns word with its first letter in uppercase.
func apiTitleWord(word string) string {
	if word == "" {
		return word
	}
	return strings.ToUpper(word[:1]) + word[1:]
}

// routePaths returns every path the routes need a resource for, parents included, sorted so that a
// parent comes before its children. The root "/" is left out, because every API has it.
func routePaths(routes []APIRoute) []string {
	paths := map[string]bool{}
	for _, route := range routes {
		for path := route.Path; path != "/" && path != ""; {
			paths[path] = true
			path, _ = splitResourcePath(path)
		}
	}
	sorted := make([]string, 0, len(paths))
	for path := range paths {
		sorted = append(sorted, path)
	}
	sort.Strings(sorted)
	return sorted
}

// splitResourcePath returns the parent path and the last segment of a path, such as "/files" and
// "{id}" for "/files/{id}", and "/" and "files" for "/files".
func splitResourcePath(path string) (string, string) {
	i := strings.LastIndex(path, "/")
	if i <= 0 {
		return "/", path[i+1:]
	}
	return path[:i], path[i+1:]
}
