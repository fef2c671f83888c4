package jobs

import (
	"context"
	"log/slog"
	"time"
)

// TrainingStore queues the training questionnaires that are due;
// *store.Trainings has it.
type TrainingStore interface {
	SendTrainingQuestionnaires(ctx context.Context) (int, error)
}

// TrainingQuestionnaires mails the participants of training sessions their
// one-time link: before a session still to come, and three months after
// one. Several instances may run it: the store claims each participant in
// the transaction that queues the mail, so each goes out once. It logs
// counts only.
type TrainingQuestionnaires struct {
	Store  TrainingStore
	Logger *slog.Logger
	// Interval between passes; zero means an hour.
	Interval time.Duration
	// Queued is called after a pass that queued mail (to wake the mailer).
	Queued func()
}

// RunOnce makes one pass and returns how many mails it queued.
func (j *TrainingQuestionnaires) RunOnce(ctx context.Context) (int, error) {
	n, err := j.Store.SendTrainingQuestionnaires(ctx)
	if n > 0 && j.Queued != nil {
		j.Queued()
	}
	return n, err
}

// Run makes a pass at once and then every Interval until ctx ends.
func (j *TrainingQuestionnaires) Run(ctx context.Context) {
	interval := j.Interval
	if interval == 0 {
		interval = time.Hour
	}
	logger := j.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	for {
		n, err := j.RunOnce(ctx)
		Observe(ctx, "trainingsvragenlijsten", err)
		if err != nil && ctx.Err() == nil {
			logger.Error("training questionnaire pass failed", "err", err)
		} else if n > 0 {
			logger.Info("training questionnaires queued", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}
