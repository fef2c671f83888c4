package store

import (
	"context"

	"github.com/vios-platform/vios"
)

// The documents of knowledge-bank items (a protocol as PDF, a covenant as
// DOCX) are attachments of the item: read by who reads the item (an
// openbaar item's by anyone, without login; an eigen item's only by the
// municipality's accounts), added and removed by its writers. The
// attachment machinery (type by content, size, virus scan, sealing) is the
// same as for every other record.

func init() {
	attachmentOwners[vios.OwnerKnowledge] = attachmentOwner{
		see: func(ctx context.Context, tx *Tx, municipalityID, id string) ([]string, error) {
			return nil, tx.authorizeKnowledgeFiles(ctx, vios.ActionViewKnowledge, municipalityID, id)
		},
		change: func(ctx context.Context, tx *Tx, municipalityID, id string) ([]string, error) {
			return nil, tx.authorizeKnowledgeFiles(ctx, vios.ActionEditKnowledge, municipalityID, id)
		},
	}
}

// authorizeKnowledgeFiles decides action on the item's files: the item's
// own decision. An item the actor may not read, or a withdrawn one, does
// not exist for its files; without login an item that is not openbaar
// asks for a login.
func (tx *Tx) authorizeKnowledgeFiles(ctx context.Context, action vios.Action, municipalityID, id string) error {
	k, _, err := tx.db.readKnowledge(ctx, tx, id)
	if err != nil || k.MunicipalityID != municipalityID || k.Withdrawn() {
		return vios.Errorf(vios.ENOTFOUND, knowledgeNotFound)
	}
	err = vios.Authorize(vios.ActorFromContext(ctx), vios.ActionViewKnowledge, knowledgeResource(k))
	if err == nil {
		err = tx.authorize(ctx, action, knowledgeResource(k), "kennisbank", k.ID)
	} else if vios.ErrorCode(err) == vios.EFORBIDDEN {
		err = vios.Errorf(vios.ENOTFOUND, knowledgeNotFound)
	}
	return err
}
