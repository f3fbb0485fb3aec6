package fakeaws

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// defaultEventBusName is the event bus of an EventBridge rule created without eventBusName.
const defaultEventBusName = "default"

func init() {
	register("aws:guardduty/malwareProtectionPlan:MalwareProtectionPlan", &typeSpec{
		required: []string{"protectedResource", "role"},
		taggable: true,
		// GuardDuty plan ids are 20 lowercase hex characters.
		id: func(c *resourceContext) (string, error) {
			return deriveHex(20, c.seed()...), nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			return resource.PropertyMap{
				"arn":       resource.NewStringProperty(c.regionalARN("guardduty", "malware-protection-plan/"+c.id)),
				"createdAt": resource.NewStringProperty(fixedTimeRFC3339),
				"status":    resource.NewStringProperty("ACTIVE"),
				// Without actions, GuardDuty leaves scanned objects untagged.
				"actions": resource.NewArrayProperty([]resource.PropertyValue{
					resource.NewObjectProperty(resource.PropertyMap{
						"taggings": resource.NewArrayProperty([]resource.PropertyValue{
							resource.NewObjectProperty(resource.PropertyMap{"status": resource.NewStringProperty("DISABLED")}),
						}),
					}),
				}),
			}
		},
	})

	register("aws:cloudwatch/eventRule:EventRule", &typeSpec{
		autoname: &autonameRule{property: "name", prefixProperty: "namePrefix", maxLength: 64},
		defaults: resource.PropertyMap{
			"eventBusName": resource.NewStringProperty(defaultEventBusName),
			"forceDestroy": resource.NewBoolProperty(false),
		},
		taggable: true,
		// The id is the rule name on the default bus and "<bus>/<rule>" on any other.
		id: func(c *resourceContext) (string, error) {
			name, err := nameOrGeneratedID(c)
			if err != nil {
				return "", err
			}
			if bus := valueOr(c.str("eventBusName"), defaultEventBusName); bus != defaultEventBusName {
				return bus + "/" + name, nil
			}
			return name, nil
		},
		computed: func(c *resourceContext) resource.PropertyMap {
			bus := valueOr(c.str("eventBusName"), defaultEventBusName)
			name := c.id
			path := "rule/" + name
			if bus != defaultEventBusName {
				name = strings.TrimPrefix(c.id, bus+"/")
				path = "rule/" + bus + "/" + name
			}
			return resource.PropertyMap{
				"name": resource.NewStringProperty(name),
				"arn":  resource.NewStringProperty(c.regionalARN("events", path)),
			}
		},
	})
}
