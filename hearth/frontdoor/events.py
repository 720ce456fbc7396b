from hearth.core.events import PROCESS, STANDARD, EventType, register

register(
    EventType("contact.received", "Contact received", STANDARD, "Contact from {source}: {concern}"),
    EventType("contact.decided", "Contact screened", PROCESS, "Contact screened: {outcome}"),
)
