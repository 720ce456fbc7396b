from hearth.core.events import STANDARD, EventType, register

register(EventType("letter.sent", "Letter sent", STANDARD, "{letter} sent to {recipient}"))
