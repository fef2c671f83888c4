package notify

// Threads: a new message is told without its content. The push names no
// network (a locked screen shows it); the mail, read after login to the
// mailbox, names the network the message is in, never its text or author.

// MessagePush: a new message in a thread of the recipient.
func MessagePush(link string) Push {
	return Push{"VIOS: nieuw bericht", "Er is een nieuw bericht in een van uw netwerken.", link}
}

// MessageMentioned tells a person (or a member of an organisation) named
// with @ in a message that there is a message for them.
func (s Site) MessageMentioned(thread, link string) Mail {
	return Mail{"Nieuw bericht in " + thread,
		"U bent genoemd in een nieuw bericht in " + thread + ". Lees het na inloggen:\n\n" + s.BaseURL + link}
}
