package demo

import "testing"

// Every demo adviser is one the landelijk role could enter by hand.
func TestDemoAdvisersValidate(t *testing.T) {
	for _, a := range demoAdvisers {
		if err := a.Validate(); err != nil {
			t.Errorf("%s: %v", a.Name, err)
		}
	}
}
