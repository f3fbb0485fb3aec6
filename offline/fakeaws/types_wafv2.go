package fakeaws

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// The WAFv2 types, with the ids and computed outputs that the aws provider reports for them. A web ACL
// and a regex pattern set have a UUID as id and an ARN that names their scope, name and id.
func init() {
	register("aws:wafv2/webAcl:WebAcl", &typeSpec{
		autoname: &autonameRule{property: "name", prefixProperty: "namePrefix", maxLength: 128},
		required: []string{"defaultAction", "scope", "visibilityConfig"},
		taggable: true,
		id:       wafv2ID,
		computed: func(c *resourceContext) resource.PropertyMap {
			name := wafv2Name(c)
			return resource.PropertyMap{
				"name":     resource.NewStringProperty(name),
				"arn":      resource.NewStringProperty(wafv2ARN(c, "webacl", name)),
				"capacity": resource.NewNumberProperty(float64(webACLCapacity(c.inputs["rules"]))),
				// AWS returns an integration URL only for rule groups with a client SDK, such as the
				// account takeover prevention group.
				"applicationIntegrationUrl": resource.NewStringProperty(""),
				"lockToken":                 resource.NewStringProperty(wafv2LockToken(c)),
			}
		},
		refreshOnUpdate: []string{"capacity", "lockToken"},
	})

	register("aws:wafv2/regexPatternSet:RegexPatternSet", &typeSpec{
		autoname: &autonameRule{property: "name", prefixProperty: "namePrefix", maxLength: 128},
		required: []string{"scope"},
		taggable: true,
		id:       wafv2ID,
		computed: func(c *resourceContext) resource.PropertyMap {
			name := wafv2Name(c)
			return resource.PropertyMap{
				"name":      resource.NewStringProperty(name),
				"arn":       resource.NewStringProperty(wafv2ARN(c, "regexpatternset", name)),
				"lockToken": resource.NewStringProperty(wafv2LockToken(c)),
			}
		},
		refreshOnUpdate: []string{"lockToken"},
	})

	// An association's id is "<web ACL ARN>,<resource ARN>".
	register("aws:wafv2/webAclAssociation:WebAclAssociation", &typeSpec{
		required: []string{"resourceArn", "webAclArn"},
		id: func(c *resourceContext) (string, error) {
			return c.str("webAclArn") + "," + c.str("resourceArn"), nil
		},
	})

	// A logging configuration's id is the ARN of its web ACL.
	register("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", &typeSpec{
		required: []string{"logDestinationConfigs", "resourceArn"},
		id:       inputID("resourceArn"),
	})
}

// wafv2ID returns the UUID that AWS gives a new web ACL or regex pattern set.
func wafv2ID(c *resourceContext) (string, error) {
	return deriveUUID(c.seed()...), nil
}

// wafv2Name returns the name input, or the name AWS generates from namePrefix when it is absent.
func wafv2Name(c *resourceContext) string {
	if name := c.str("name"); name != "" {
		return name
	}
	return generatedName(valueOr(c.str("namePrefix"), "terraform-"), c.seed()...)
}

// wafv2ARN returns "arn:<partition>:wafv2:<region>:<account>:<scope>/<kind>/<name>/<id>", where scope is
// "regional", or "global" for the CLOUDFRONT scope, whose resources live in us-east-1.
func wafv2ARN(c *resourceContext, kind, name string) string {
	scope := "regional"
	if c.str("scope") == "CLOUDFRONT" {
		scope = "global"
	}
	return c.regionalARN("wafv2", scope+"/"+kind+"/"+name+"/"+c.id)
}

// wafv2LockToken returns the token that an update must present. AWS issues a new one after every change,
// so the model derives it from the id and the inputs.
func wafv2LockToken(c *resourceContext) string {
	encoded, err := json.Marshal(c.inputs.Mappable())
	if err != nil {
		encoded = []byte(fmt.Sprint(c.inputs))
	}
	return deriveUUID("lockToken", c.id, string(encoded))
}

// managedRuleGroupCapacity is the capacity in web ACL capacity units (WCUs) of the AWS managed rule
// groups that the project uses or suggests, as the AWS WAF developer guide lists them.
var managedRuleGroupCapacity = map[string]int{
	"AWSManagedRulesCommonRuleSet":          700,
	"AWSManagedRulesKnownBadInputsRuleSet":  200,
	"AWSManagedRulesAmazonIpReputationList": 25,
	"AWSManagedRulesAnonymousIpList":        50,
	"AWSManagedRulesSQLiRuleSet":            200,
}

// webACLCapacity estimates the WCUs that AWS computes for the rules of a web ACL. A managed rule group
// costs its capacity from managedRuleGroupCapacity, and a logical statement the sum of its statements.
// A rate-based statement costs 2, a regex pattern set reference 25 and a size constraint 1, plus 10 for
// each text transformation other than NONE.
//
// NOTE: this is an estimate. It counts every other statement, and every managed rule group the table
// does not list, as 1.
func webACLCapacity(rules resource.PropertyValue) int {
	rules, known := unwrap(rules)
	if !known || !rules.IsArray() {
		return 0
	}
	total := 0
	for _, rule := range rules.ArrayValue() {
		rule, known := unwrap(rule)
		if known && rule.IsObject() {
			total += statementCapacity(rule.ObjectValue()["statement"])
		}
	}
	return total
}

// statementCapacity estimates the WCUs of one statement with the costs that webACLCapacity lists.
func statementCapacity(statement resource.PropertyValue) int {
	statement, known := unwrap(statement)
	if !known || !statement.IsObject() {
		return 0
	}
	props := statement.ObjectValue()
	for _, logical := range []resource.PropertyKey{"andStatement", "orStatement", "notStatement"} {
		nested, has := objectAt(props, logical)
		if !has {
			continue
		}
		total := 0
		if list, known := unwrap(nested["statements"]); known && list.IsArray() {
			for _, element := range list.ArrayValue() {
				total += statementCapacity(element)
			}
		}
		return total
	}
	if group, has := objectAt(props, "managedRuleGroupStatement"); has {
		name, _ := stringValue(group, "name")
		if capacity, listed := managedRuleGroupCapacity[name]; listed {
			return capacity
		}
		return 1
	}
	base := 1
	var inner resource.PropertyMap
	switch {
	case hasObject(props, "rateBasedStatement"):
		return 2
	case hasObject(props, "regexPatternSetReferenceStatement"):
		base, inner = 25, mustObject(props, "regexPatternSetReferenceStatement")
	case hasObject(props, "sizeConstraintStatement"):
		base, inner = 1, mustObject(props, "sizeConstraintStatement")
	}
	return base + 10*textTransformations(inner)
}

// textTransformations counts the text transformations of a statement other than NONE.
func textTransformations(statement resource.PropertyMap) int {
	list, known := unwrap(statement["textTransformations"])
	if !known || !list.IsArray() {
		return 0
	}
	count := 0
	for _, element := range list.ArrayValue() {
		element, known := unwrap(element)
		if !known || !element.IsObject() {
			continue
		}
		if kind, _ := stringValue(element.ObjectValue(), "type"); kind != "NONE" {
			count++
		}
	}
	return count
}

// objectAt returns the known object at key.
func objectAt(props resource.PropertyMap, key resource.PropertyKey) (resource.PropertyMap, bool) {
	value, known := unwrap(props[key])
	if !known || !value.IsObject() {
		return nil, false
	}
	return value.ObjectValue(), true
}

// hasObject reports whether key holds a known object.
func hasObject(props resource.PropertyMap, key resource.PropertyKey) bool {
	_, has := objectAt(props, key)
	return has
}

// mustObject returns the object at key, or an empty map.
func mustObject(props resource.PropertyMap, key resource.PropertyKey) resource.PropertyMap {
	object, _ := objectAt(props, key)
	return object
}
