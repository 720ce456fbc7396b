from hearth.core.events import KEY, STANDARD, EventType, register

register(
    EventType(
        "sign_off.requested",
        "Sent for a manager's sign-off",
        STANDARD,
        "{what} sent to the manager for sign-off",
    ),
    EventType("sign_off.approved", "Signed off by a manager", KEY, "{what} signed off by {by}: {rationale}"),
    EventType("sign_off.returned", "Returned by a manager", STANDARD, "{what} returned by {by}: {rationale}"),
    EventType(
        "sign_off.withdrawn", "Sign-off no longer needed", STANDARD, "{what}: sign-off no longer needed"
    ),
)
