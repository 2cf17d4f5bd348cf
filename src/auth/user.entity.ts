import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn } from '../db/columns';

@Entity('scanloom_user')
export class User {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 150, unique: true })
  username!: string;

  @Column({ type: Boolean, default: true })
  is_active!: boolean;

  @Column({ type: Boolean, default: false })
  is_staff!: boolean;

  @Column({ type: Boolean, default: false })
  is_superuser!: boolean;

  @DateTimeColumn()
  created_date!: Date;
}
