"""Writing the demo council to the database: staff through the ORM, children's rows in bulk, chunk by chunk.

`staff.create_staff` creates the services, teams and staff; `children.load_children` generates each chunk of
families (hearth.demo.generation) and writes it in one transaction with `bulk` (COPY on PostgreSQL, one
INSERT per table elsewhere); `logins` picks a login to show for each role.
"""
