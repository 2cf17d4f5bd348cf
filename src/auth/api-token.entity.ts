import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn } from '../db/columns';
import type { User } from './user.entity';

/**
 * At most one API key per user, as ScanCode.io. The key itself is never stored: only its
 * first 8 characters (to find the row) and its SHA-256 digest (to check it).
 */
@Entity('api_token')
export class ApiToken {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer', unique: true })
  user_id!: number;

  @OneToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Index('uq_api_token_prefix', { unique: true })
  @Column({ type: 'varchar', length: 8 })
  prefix!: string;

  @Column({ type: 'varchar', length: 128 })
  key_hash!: string;

  @DateTimeColumn()
  created_date!: Date;
}
