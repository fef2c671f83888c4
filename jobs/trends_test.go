package jobs

import (
	"context"
	"testing"
)

type fakeTrendStore struct{ made []int }

func (f *fakeTrendStore) DetectTrends(context.Context) (int, error) {
	n := f.made[0]
	f.made = f.made[1:]
	return n, nil
}

// A pass that proposes a trend wakes the mailer (the regisseur's mail is
// queued); a pass that proposes nothing does not.
func TestTrendsWakeTheMailer(t *testing.T) {
	woken := 0
	job := &Trends{Store: &fakeTrendStore{made: []int{1, 0}}, Queued: func() { woken++ }}
	for _, want := range []int{1, 0} {
		if n, err := job.RunOnce(context.Background()); err != nil || n != want {
			t.Fatalf("pass: %d, %v; want %d", n, err, want)
		}
	}
	if woken != 1 {
		t.Errorf("the mailer was woken %d times, want 1", woken)
	}
}
